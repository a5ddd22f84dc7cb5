// IPCPlatform
