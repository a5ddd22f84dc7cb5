// This target's types are generated from its .ipcdef files.
