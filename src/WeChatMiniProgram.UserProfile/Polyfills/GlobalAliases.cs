// Names the library uses for types that some targets lack. Aliases, not declarations, so nothing leaks to the
// assemblies UserProfile shows its internals to (the tests), where the real types exist.
#if NET9_0_OR_GREATER
global using SyncLock = System.Threading.Lock;
#else
global using SyncLock = object; // the lock statement takes a monitor, as it did before .NET 9's Lock
#endif
#if NETSTANDARD2_0
global using CryptographicOperations = WeChatMiniProgram.UserProfile.FixedTimeOperations;
#endif
