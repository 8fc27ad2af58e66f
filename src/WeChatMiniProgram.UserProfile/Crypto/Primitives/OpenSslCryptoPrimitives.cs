#if NET8_0_OR_GREATER
using System.Runtime.InteropServices;

namespace WeChatMiniProgram.UserProfile.Crypto;

/// <summary>
/// AES-128-CBC and SHA-1 through OpenSSL 3's EVP API in the system's libcrypto.so.3, the library .NET itself calls on
/// Linux, without the set-up .NET repeats on every one-shot call: the cipher and the digest are fetched once per
/// process, and each thread reuses its own contexts, re-keyed per call.
/// </summary>
/// <remarks>
/// <para>
/// This is OpenSSL doing AES and SHA-1; nothing here is a cipher, a mode or a MAC of our own, and PKCS#7 on decryption
/// stays the caller's constant-time check (padding is off here). Lengths are checked before any native call, every
/// native call's return value is checked, and <c>ERR_clear_error</c> runs after any failure.
/// </para>
/// <para>
/// Key hygiene: a reused context would keep the last user's expanded key until the thread's next call, so every call
/// re-keys its context with zeros before it returns. SHA-1's final step cleanses the context's buffered input (the
/// session key is hashed last). A thread's contexts are freed when the thread has ended and its handles are finalised.
/// </para>
/// </remarks>
internal sealed unsafe class OpenSslCryptoPrimitives : ICryptoPrimitives
{
    private const int Success = 1;
    private const int BlockSize = 16;

    private static readonly Lazy<OpenSslCryptoPrimitives?> Loaded = new(Load);

    // EVP and ERR entry points, resolved once.
    private static delegate* unmanaged<nuint> s_versionNum;
    private static delegate* unmanaged<nint, byte*, byte*, nint> s_cipherFetch;
    private static delegate* unmanaged<nint, byte*, byte*, nint> s_mdFetch;
    private static delegate* unmanaged<nint> s_cipherCtxNew;
    private static delegate* unmanaged<nint, void> s_cipherCtxFree;
    private static delegate* unmanaged<nint, int, int> s_cipherCtxSetPadding;
    private static delegate* unmanaged<nint, nint, byte*, byte*, nint, int> s_decryptInit;
    private static delegate* unmanaged<nint, byte*, int*, byte*, int, int> s_decryptUpdate;
    private static delegate* unmanaged<nint, byte*, int*, int> s_decryptFinal;
    private static delegate* unmanaged<nint, nint, byte*, byte*, nint, int> s_encryptInit;
    private static delegate* unmanaged<nint, byte*, int*, byte*, int, int> s_encryptUpdate;
    private static delegate* unmanaged<nint, byte*, int*, int> s_encryptFinal;
    private static delegate* unmanaged<nint> s_mdCtxNew;
    private static delegate* unmanaged<nint, void> s_mdCtxFree;
    private static delegate* unmanaged<nint, nint, nint, int> s_digestInit;
    private static delegate* unmanaged<nint, byte*, nuint, int> s_digestUpdate;
    private static delegate* unmanaged<nint, byte*, uint*, int> s_digestFinal;
    private static delegate* unmanaged<void> s_errClearError;

    [ThreadStatic]
    private static ThreadContexts? t_contexts;

    private readonly nint _aes128Cbc;
    private readonly nint _sha1;

    private OpenSslCryptoPrimitives(nint aes128Cbc, nint sha1)
    {
        _aes128Cbc = aes128Cbc;
        _sha1 = sha1;
    }

    public string Name => "OpenSSL 3 EVP";

    /// <summary>Gets or sets a value indicating whether each call re-keys its context with zeros; off only in the benchmark that prices it.</summary>
    internal bool ScrubKeys { get; set; } = true;

    /// <summary>The process's instance, or <see langword="null"/> where libcrypto.so.3 is missing, older than 3.0, or fails its self-test.</summary>
    public static OpenSslCryptoPrimitives? TryCreate() => Loaded.Value;

    public void DecryptCbcNoPadding(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, Span<byte> data)
    {
        // Malformed lengths never reach native code.
        CryptoPrimitives.RequireKeyIvAndBlocks(key16, iv16, data.Length);
        var contexts = t_contexts ??= new ThreadContexts();
        var ctx = contexts.Decrypt(_aes128Cbc);
        int written = 0, final = 0;
        var finalBlock = stackalloc byte[BlockSize];
        bool ok;
        fixed (byte* key = key16, iv = iv16, buffer = data)
        {
            // Padding is off for good: set once, when the context was made (a re-key keeps it).
            ok = s_decryptInit(ctx, 0, key, iv, 0) == Success
                && s_decryptUpdate(ctx, buffer, &written, buffer, data.Length) == Success
                && written == data.Length
                && s_decryptFinal(ctx, finalBlock, &final) == Success
                && final == 0;
        }

        Finish(contexts, ctx, ok, decrypting: true);
    }

    public int EncryptCbcPkcs7(ReadOnlySpan<byte> key16, ReadOnlySpan<byte> iv16, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        var cipherLength = CryptoPrimitives.RequireKeyIvAndRoom(key16, iv16, plaintext.Length, destination.Length);

        var contexts = t_contexts ??= new ThreadContexts();
        var ctx = contexts.Encrypt(_aes128Cbc);
        int written = 0, final = 0;
        bool ok;
        fixed (byte* key = key16, iv = iv16, input = plaintext, output = destination)
        {
            ok = s_encryptInit(ctx, 0, key, iv, 0) == Success
                && (plaintext.Length == 0 || s_encryptUpdate(ctx, output, &written, input, plaintext.Length) == Success)
                && s_encryptFinal(ctx, output + written, &final) == Success
                && written + final == cipherLength;
        }

        Finish(contexts, ctx, ok, decrypting: false);
        return cipherLength;
    }

    public void Sha1(ReadOnlySpan<byte> data, Span<byte> digest20)
    {
        if (digest20.Length < 20)
        {
            throw new ArgumentException("SHA-1 needs room for 20 bytes.", nameof(digest20));
        }

        var contexts = t_contexts ??= new ThreadContexts();
        var ctx = contexts.Digest();
        uint size = 0;
        bool ok;
        fixed (byte* input = data, output = digest20)
        {
            ok = s_digestInit(ctx, _sha1, 0) == Success
                && s_digestUpdate(ctx, input, (nuint)data.Length) == Success
                && s_digestFinal(ctx, output, &size) == Success
                && size == 20;
        }

        if (!ok)
        {
            s_errClearError();
            contexts.DropDigest();
            throw Failure("SHA-1");
        }
    }

    private static InvalidOperationException Failure(string what)
        => new($"OpenSSL's EVP {what} failed. Set the AppContext switch {CryptoPrimitives.DisableOpenSslSwitch} to use System.Security.Cryptography instead.");

    private static bool TryRekeyWithZeros(nint ctx, bool decrypting)
    {
        var zeros = stackalloc byte[BlockSize];
        new Span<byte>(zeros, BlockSize).Clear();
        return (decrypting ? s_decryptInit(ctx, 0, zeros, zeros, 0) : s_encryptInit(ctx, 0, zeros, zeros, 0)) == Success;
    }

    private static OpenSslCryptoPrimitives? Load()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var library))
        {
            return null;
        }

        if (!Resolve(library))
        {
            return null;
        }

        // OpenSSL 3.0.0 or later: 0xMNN00000 with M = 3.
        if (s_versionNum() < 0x30000000)
        {
            return null;
        }

        nint cipher, md;
        fixed (byte* aes = "AES-128-CBC\0"u8, sha1 = "SHA1\0"u8)
        {
            cipher = s_cipherFetch(0, aes, null);
            md = s_mdFetch(0, sha1, null);
        }

        if (cipher == 0 || md == 0)
        {
            s_errClearError();
            return null;
        }

        // The fetched cipher and digest live for the process. A self-test against System.Security.Cryptography decides.
        var primitives = new OpenSslCryptoPrimitives(cipher, md);
        return primitives.AgreesWithManaged() ? primitives : null;
    }

    private static bool Resolve(nint library)
    {
        bool Get(string name, out nint export) => NativeLibrary.TryGetExport(library, name, out export);
        if (!(Get("OpenSSL_version_num", out var versionNum) && Get("EVP_CIPHER_fetch", out var cipherFetch) && Get("EVP_MD_fetch", out var mdFetch)
            && Get("EVP_CIPHER_CTX_new", out var cipherCtxNew) && Get("EVP_CIPHER_CTX_free", out var cipherCtxFree)
            && Get("EVP_CIPHER_CTX_set_padding", out var setPadding)
            && Get("EVP_DecryptInit_ex2", out var decryptInit) && Get("EVP_DecryptUpdate", out var decryptUpdate) && Get("EVP_DecryptFinal_ex", out var decryptFinal)
            && Get("EVP_EncryptInit_ex2", out var encryptInit) && Get("EVP_EncryptUpdate", out var encryptUpdate) && Get("EVP_EncryptFinal_ex", out var encryptFinal)
            && Get("EVP_MD_CTX_new", out var mdCtxNew) && Get("EVP_MD_CTX_free", out var mdCtxFree)
            && Get("EVP_DigestInit_ex2", out var digestInit) && Get("EVP_DigestUpdate", out var digestUpdate) && Get("EVP_DigestFinal_ex", out var digestFinal)
            && Get("ERR_clear_error", out var errClearError)))
        {
            return false;
        }

        s_versionNum = (delegate* unmanaged<nuint>)versionNum;
        s_cipherFetch = (delegate* unmanaged<nint, byte*, byte*, nint>)cipherFetch;
        s_mdFetch = (delegate* unmanaged<nint, byte*, byte*, nint>)mdFetch;
        s_cipherCtxNew = (delegate* unmanaged<nint>)cipherCtxNew;
        s_cipherCtxFree = (delegate* unmanaged<nint, void>)cipherCtxFree;
        s_cipherCtxSetPadding = (delegate* unmanaged<nint, int, int>)setPadding;
        s_decryptInit = (delegate* unmanaged<nint, nint, byte*, byte*, nint, int>)decryptInit;
        s_decryptUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)decryptUpdate;
        s_decryptFinal = (delegate* unmanaged<nint, byte*, int*, int>)decryptFinal;
        s_encryptInit = (delegate* unmanaged<nint, nint, byte*, byte*, nint, int>)encryptInit;
        s_encryptUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)encryptUpdate;
        s_encryptFinal = (delegate* unmanaged<nint, byte*, int*, int>)encryptFinal;
        s_mdCtxNew = (delegate* unmanaged<nint>)mdCtxNew;
        s_mdCtxFree = (delegate* unmanaged<nint, void>)mdCtxFree;
        s_digestInit = (delegate* unmanaged<nint, nint, nint, int>)digestInit;
        s_digestUpdate = (delegate* unmanaged<nint, byte*, nuint, int>)digestUpdate;
        s_digestFinal = (delegate* unmanaged<nint, byte*, uint*, int>)digestFinal;
        s_errClearError = (delegate* unmanaged<void>)errClearError;
        return true;
    }

    private void Finish(ThreadContexts contexts, nint ctx, bool ok, bool decrypting)
    {
        if (ok && (!ScrubKeys || TryRekeyWithZeros(ctx, decrypting)))
        {
            return;
        }

        // A context in an unknown state, possibly holding a key, is freed rather than reused.
        s_errClearError();
        contexts.DropCipher(decrypting);
        throw Failure(decrypting ? "AES-128-CBC decryption" : "AES-128-CBC encryption");
    }

    private bool AgreesWithManaged()
    {
        try
        {
            Span<byte> key = stackalloc byte[BlockSize];
            Span<byte> iv = stackalloc byte[BlockSize];
            for (var i = 0; i < BlockSize; i++)
            {
                key[i] = (byte)(i * 7 + 1);
                iv[i] = (byte)(i * 13 + 5);
            }

            ReadOnlySpan<byte> plaintext = "UserProfile self-test: AES-128-CBC and SHA-1 through OpenSSL 3"u8;
            Span<byte> mine = stackalloc byte[80];
            Span<byte> theirs = stackalloc byte[80];
            var length = EncryptCbcPkcs7(key, iv, plaintext, mine);
            if (ManagedCryptoPrimitives.Instance.EncryptCbcPkcs7(key, iv, plaintext, theirs) != length || !mine[..length].SequenceEqual(theirs[..length]))
            {
                return false;
            }

            DecryptCbcNoPadding(key, iv, mine[..length]);
            Span<byte> digest = stackalloc byte[20];
            Span<byte> expected = stackalloc byte[20];
            Sha1(plaintext, digest);
            ManagedCryptoPrimitives.Instance.Sha1(plaintext, expected);
            return mine[..plaintext.Length].SequenceEqual(plaintext) && digest.SequenceEqual(expected);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>One thread's contexts, each made on first use and freed with its handle.</summary>
    private sealed class ThreadContexts
    {
        private CipherContext? _decrypt;
        private CipherContext? _encrypt;
        private DigestContext? _digest;

        public nint Decrypt(nint cipher) => (_decrypt ??= CipherContext.Create(cipher, decrypting: true)).DangerousGetHandle();

        public nint Encrypt(nint cipher) => (_encrypt ??= CipherContext.Create(cipher, decrypting: false)).DangerousGetHandle();

        public nint Digest() => (_digest ??= DigestContext.Create()).DangerousGetHandle();

        public void DropCipher(bool decrypting)
        {
            if (decrypting)
            {
                _decrypt?.Dispose();
                _decrypt = null;
            }
            else
            {
                _encrypt?.Dispose();
                _encrypt = null;
            }
        }

        public void DropDigest()
        {
            _digest?.Dispose();
            _digest = null;
        }
    }

    /// <summary>An EVP_CIPHER_CTX bound to the fetched cipher once, freed when the handle is disposed or finalised.</summary>
    private sealed class CipherContext : SafeHandle
    {
        private CipherContext()
            : base(0, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == 0;

        public static CipherContext Create(nint cipher, bool decrypting)
        {
            var context = new CipherContext();
            context.SetHandle(s_cipherCtxNew());
            if (context.IsInvalid
                || (decrypting ? s_decryptInit(context.handle, cipher, null, null, 0) : s_encryptInit(context.handle, cipher, null, null, 0)) != Success
                || (decrypting && s_cipherCtxSetPadding(context.handle, 0) != Success))
            {
                s_errClearError();
                context.Dispose();
                throw Failure("EVP_CIPHER_CTX set-up");
            }

            return context;
        }

        protected override bool ReleaseHandle()
        {
            s_cipherCtxFree(handle);
            return true;
        }
    }

    /// <summary>An EVP_MD_CTX, freed when the handle is disposed or finalised.</summary>
    private sealed class DigestContext : SafeHandle
    {
        private DigestContext()
            : base(0, ownsHandle: true)
        {
        }

        public override bool IsInvalid => handle == 0;

        public static DigestContext Create()
        {
            var context = new DigestContext();
            context.SetHandle(s_mdCtxNew());
            if (context.IsInvalid)
            {
                s_errClearError();
                throw Failure("EVP_MD_CTX set-up");
            }

            return context;
        }

        protected override bool ReleaseHandle()
        {
            s_mdCtxFree(handle);
            return true;
        }
    }
}
#endif
