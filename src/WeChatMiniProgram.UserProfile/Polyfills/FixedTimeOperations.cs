#if NETSTANDARD2_0
using System.Runtime.CompilerServices;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// The two members of .NET Core's <c>CryptographicOperations</c> the library uses, for netstandard2.0 (where
/// GlobalAliases.cs names it <c>CryptographicOperations</c>). Neither is a cipher: one compares, one clears.
/// </summary>
internal static class FixedTimeOperations
{
    /// <summary>
    /// Compares two spans in time that depends on their length only: every byte is read and the differences are
    /// accumulated without a branch; inlining and optimisation are off so the JIT cannot add an early exit.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    public static bool FixedTimeEquals(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        var accumulator = 0;
        for (var i = 0; i < left.Length; i++)
        {
            accumulator |= left[i] - right[i];
        }

        return accumulator == 0;
    }

    /// <summary>Clears <paramref name="buffer"/> in a way the JIT cannot remove as a dead store.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    public static void ZeroMemory(Span<byte> buffer) => buffer.Clear();
}
#endif
