// IPCConcepts
