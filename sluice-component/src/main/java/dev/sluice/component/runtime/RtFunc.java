package dev.sluice.component.runtime;

import dev.sluice.component.ComponentFunction;

/** A component-level function at run time: a host function or a lifted core function. */
interface RtFunc extends ComponentFunction {}
