// The audit ledger module; see ARCHITECTURE.md.
