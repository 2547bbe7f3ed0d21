//! Version b of the swap filter (see ../../sluice-swap-shared/swap.rs).

const VERSION: &str = "b";

include!("../../sluice-swap-shared/swap.rs");
