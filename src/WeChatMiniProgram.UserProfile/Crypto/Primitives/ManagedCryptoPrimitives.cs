using System.Security.Cryptography;

namespace WeChatMiniProgram.UserProfile.Crypto;

/// <summary>The portable primitives: System.Security.Cryptography, with one Aes and one SHA-1 context per thread.</summary>
internal sealed class ManagedCryptoPrimitives : ICryptoPrimitives
{
    public static readonly ManagedCryptoPrimitives Instance = new();

    // Per thread, re-keyed per call: cheaper than creating one per call, and never shared between threads.
    [ThreadStatic]
    private static Aes? t_aes;

    [ThreadStatic]
    private static IncrementalHash? t_sha1;

    private ManagedCryptoPrimitives()
    {
    }

    public string Name => "System.Security.Cryptography";

    public void DecryptCbcNoPadding(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, Span<byte> data)
    {
        CryptoPrimitives.RequireKeyIvAndBlocks(key16, iv16, data.Length);
        var aes = t_aes ??= Aes.Create();
        aes.SetKey(key16);
        aes.DecryptCbc(data, iv16, data, PaddingMode.None);
    }

    public int EncryptCbcPkcs7(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        CryptoPrimitives.RequireKeyIvAndRoom(key16, iv16, plaintext.Length, destination.Length);
        var aes = t_aes ??= Aes.Create();
        aes.SetKey(key16);
        return aes.EncryptCbc(plaintext, iv16, destination, PaddingMode.PKCS7);
    }

    public void Sha1(ReadOnlySpan<byte> data, Span<byte> digest20)
    {
        if (digest20.Length < 20)
        {
            throw new ArgumentException("SHA-1 needs room for 20 bytes.", nameof(digest20));
        }

#pragma warning disable CA5350 // WeChat defines the signature as SHA-1; it is not our choice of algorithm.
        var sha1 = t_sha1 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
#pragma warning restore CA5350
        sha1.AppendData(data);
        sha1.GetHashAndReset(digest20);
    }
}
