package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.runtime.GlobalInstance;
import dev.sluice.component.engine.Instance;

/** A Chicory global, passed from one instance's exports to another's imports. */
record ChicoryGlobal(GlobalInstance global) implements Instance.Global {}
