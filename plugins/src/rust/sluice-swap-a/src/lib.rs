//! Version a of the swap filter (see ../../sluice-swap-shared/swap.rs).

const VERSION: &str = "a";

include!("../../sluice-swap-shared/swap.rs");
