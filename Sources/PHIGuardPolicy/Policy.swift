// The Cedar policy module; see ARCHITECTURE.md.
