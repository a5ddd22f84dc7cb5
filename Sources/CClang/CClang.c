// SwiftPM needs one source file per C target; libclang itself is linked through the module map.
#include "CClang.h"
