// Exposes libclang's C API (Debian's libclang-dev, clang 14) to Swift.
#ifndef CCLANG_H
#define CCLANG_H
#include "clang-c/Index.h"
#endif
