// The C side of the ZeroCopyIPC C API is only its header, include/zerocopyipc.h; the functions are Swift (the
// ZeroCopyIPCC target). SwiftPM needs one source file to build this target.
#include "zerocopyipc.h"
