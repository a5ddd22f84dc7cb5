// IPCDefinition
