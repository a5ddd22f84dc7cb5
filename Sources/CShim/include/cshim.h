// Placeholder; the runtime adds futex/memfd wrappers here.
#ifndef CSHIM_H
#define CSHIM_H
#endif
