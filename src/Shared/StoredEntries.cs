using Microsoft.AspNetCore.DataProtection;

namespace WeChatMiniProgram.UserProfile;

/// <summary>
/// How the engines seal what they keep (session keys, profiles, avatars) with the app's Data Protection key ring, and
/// read entries written in plaintext JSON by earlier versions. Compiled into each engine package (src/Shared).
/// </summary>
internal static class StoredEntries
{
    /// <summary>The purposes of the engines' protectors: one per kind of entry, so one kind never opens as another.</summary>
    public const string SessionsPurpose = "WeChatMiniProgram.UserProfile.Sessions.v1";

    public const string ProfilesPurpose = "WeChatMiniProgram.UserProfile.Profiles.v1";

    public const string AvatarsPurpose = "WeChatMiniProgram.UserProfile.Avatars.v1";

    public static byte[] Seal(IDataProtector? protector, byte[] plaintext) => protector is null ? plaintext : protector.Protect(plaintext);

    /// <summary>
    /// Opens an entry: plaintext JSON of an earlier version (it starts with <c>{</c>, which a Data Protection payload,
    /// starting with its magic header 0x09F0C9F0, never does) as it is; anything else through the key ring.
    /// </summary>
    /// <exception cref="InvalidOperationException">The entry does not open: another key ring, or not an entry of this kind.</exception>
    public static byte[] Open(IDataProtector? protector, byte[] stored, string what)
    {
        if (protector is null || (stored.Length > 0 && stored[0] == (byte)'{'))
        {
            return stored;
        }

        try
        {
            return protector.Unprotect(stored);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException(
                $"A stored {what} does not open with this app's Data Protection key ring: the instances do not share one (they do when the engine keeps it, the default; with your own, configure PersistKeysTo… and SetApplicationName alike on all).");
        }
    }
}

/// <summary>
/// The entries an engine store opened last, per user, remembered with the sealed bytes they came from: a read that
/// returns the same bytes reuses the opened value instead of decrypting and parsing again (about 20 µs of a
/// GET /profile), at the cost of one comparison. New bytes (another instance wrote) are opened afresh; a read that finds
/// nothing, or an erasure on this instance, forgets the user. At most <see cref="MaxRemembered"/> users are remembered.
/// </summary>
/// <remarks>
/// The sealed bytes come from the engine, never from a request, so comparing them is no oracle; remembering them
/// costs what the engine holds for the user (about 0.5 KB for a profile).
/// </remarks>
internal sealed class OpenedEntries<T>
    where T : class
{
    public const int MaxRemembered = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string AppId, string OpenId), (byte[] Sealed, T Value)> _opened = new();

    public T Open(string appId, string openId, ReadOnlySpan<byte> stored, Func<byte[], T> open)
    {
        if (_opened.TryGetValue((appId, openId), out var remembered) && stored.SequenceEqual(remembered.Sealed))
        {
            return remembered.Value;
        }

        var copy = stored.ToArray();
        var value = open(copy);
        if (_opened.Count >= MaxRemembered)
        {
            _opened.Clear();
        }

        _opened[(appId, openId)] = (copy, value);
        return value;
    }

    public void Forget(string appId, string openId) => _opened.TryRemove((appId, openId), out _);
}
