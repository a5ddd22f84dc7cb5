// IPCHeaderCheck
