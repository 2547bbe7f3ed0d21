package dev.sluice.internal.runtime;

import dev.sluice.internal.contract.ContractBinding;

/**
 * A plugin version once loaded: the contract its file speaks, its instances, and the allowance its
 * first calls have while its engine compiles.
 */
record LiveVersion(ContractBinding binding, Instances instances, Warmup warmup) {}
