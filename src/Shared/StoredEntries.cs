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
