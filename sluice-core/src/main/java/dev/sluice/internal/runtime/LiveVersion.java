package dev.sluice.internal.runtime;

import dev.sluice.internal.contract.ContractBinding;

/** A plugin version once loaded: the contract its file speaks, and its instances. */
record LiveVersion(ContractBinding binding, Instances instances) {}
