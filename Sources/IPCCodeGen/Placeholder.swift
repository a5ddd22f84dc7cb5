// IPCCodeGen
