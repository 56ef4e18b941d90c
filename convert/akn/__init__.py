"""The pivot: the Akoma Ntoso tree every reader ends at and every writer starts from."""
