// The golden definitions (Features.ipcdef, Imported.ipcdef), compiled through IPCGenPlugin so that tests can use them.
