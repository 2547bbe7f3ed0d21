package dev.sluice.component.engine.chicory;

import com.dylibso.chicory.runtime.TableInstance;
import dev.sluice.component.engine.Instance;

/** A Chicory table, passed from one instance's exports to another's imports. */
record ChicoryTable(TableInstance table) implements Instance.Table {}
