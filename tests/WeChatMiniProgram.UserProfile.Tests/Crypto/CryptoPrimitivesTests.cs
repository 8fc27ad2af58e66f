using System.Security.Cryptography;
using WeChatMiniProgram.UserProfile.Crypto;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tests.Crypto;

/// <summary>
/// The OpenSSL 3 fast path against System.Security.Cryptography: the same outputs and the same padding verdicts on
/// random and crafted inputs, and no malformed length ever reaching native code.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Fast() is the fast path where one exists, the managed one in the netstandard2.0 run.")]
public sealed class CryptoPrimitivesTests
{
    private const int Cases = 100_000;

    private static ICryptoPrimitives Fast()
    {
        var fast = CryptoPrimitives.OpenSslOrNull();
#if LIBRARY_NETSTANDARD2_0
        fast.Should().BeNull("the netstandard2.0 build has no fast path");
        return ManagedCryptoPrimitives.Instance;
#else
        if (!OperatingSystem.IsLinux())
        {
            fast.Should().BeNull();
            return ManagedCryptoPrimitives.Instance;
        }

        fast.Should().NotBeNull("libcrypto.so.3 (OpenSSL 3) is on every Linux this suite runs on");
        return fast!;
#endif
    }

    [Fact]
    public void Differential_RandomKeysIvsAndPlaintexts_SameCiphertextPlaintextAndVerdict()
    {
        var fast = Fast();
        var managed = ManagedCryptoPrimitives.Instance;
        var random = new Random(20261122);
        Span<byte> key = stackalloc byte[16];
        Span<byte> iv = stackalloc byte[16];
        var plaintext = new byte[96];
        var viaFast = new byte[112];
        var viaManaged = new byte[112];
        for (var i = 0; i < Cases; i++)
        {
            random.NextBytes(key);
            random.NextBytes(iv);
            // Empty and single-block plaintexts come up often; the rest spread over up to six blocks.
            var length = (i % 8) switch { 0 => 0, 1 => random.Next(1, 16), 2 => 16, _ => random.Next(0, plaintext.Length + 1) };
            random.NextBytes(plaintext.AsSpan(0, length));

            var fastLength = fast.EncryptCbcPkcs7(key, iv, plaintext.AsSpan(0, length), viaFast);
            var managedLength = managed.EncryptCbcPkcs7(key, iv, plaintext.AsSpan(0, length), viaManaged);
            fastLength.Should().Be(managedLength);
            if (!viaFast.AsSpan(0, fastLength).SequenceEqual(viaManaged.AsSpan(0, managedLength)))
            {
                throw new InvalidOperationException($"case {i}: the ciphertexts differ");
            }

            fast.DecryptCbcNoPadding(key, iv, viaFast.AsSpan(0, fastLength));
            managed.DecryptCbcNoPadding(key, iv, viaManaged.AsSpan(0, managedLength));
            if (!viaFast.AsSpan(0, fastLength).SequenceEqual(viaManaged.AsSpan(0, managedLength)) || !viaFast.AsSpan(0, length).SequenceEqual(plaintext.AsSpan(0, length)))
            {
                throw new InvalidOperationException($"case {i}: the plaintexts differ");
            }

            OpenDataPlaintext.PaddingLength(viaFast.AsSpan(0, fastLength), out var valid).Should().Be(fastLength - length);
            valid.Should().BeTrue();
        }
    }

    [Fact]
    public void Differential_EveryBadPaddingShape_SamePlaintextAndVerdict()
    {
        var fast = Fast();
        var managed = ManagedCryptoPrimitives.Instance;
        var random = new Random(41003);
        using var aes = Aes.Create();
        var cases = 0;
        // Every value of the last byte, and for each valid-looking pad length every position of one wrong byte.
        foreach (var (lastBlock, expectValid) in PaddingShapes(random))
        {
            var blocks = random.Next(0, 3);
            var plain = new byte[blocks * 16 + 16];
            random.NextBytes(plain.AsSpan(0, blocks * 16));
            lastBlock.CopyTo(plain, blocks * 16);
            aes.Key = RandomNumberGenerator.GetBytes(16);
            var iv = RandomNumberGenerator.GetBytes(16);
            var cipher = aes.EncryptCbc(plain, iv, PaddingMode.None);

            var viaFast = (byte[])cipher.Clone();
            var viaManaged = (byte[])cipher.Clone();
            fast.DecryptCbcNoPadding(aes.Key, iv, viaFast);
            managed.DecryptCbcNoPadding(aes.Key, iv, viaManaged);

            viaFast.Should().Equal(plain);
            viaManaged.Should().Equal(plain);
            var fastLength = OpenDataPlaintext.PaddingLength(viaFast, out var fastValid);
            var managedLength = OpenDataPlaintext.PaddingLength(viaManaged, out var managedValid);
            (fastLength, fastValid).Should().Be((managedLength, managedValid));
            fastValid.Should().Be(expectValid, "last block {0}", Convert.ToHexString(lastBlock));
            cases++;
        }

        cases.Should().BeGreaterThan(256 + 100);
    }

    [Fact]
    public void Differential_Sha1_RandomLengths_SameDigest()
    {
        var fast = Fast();
        var random = new Random(5350);
        var data = new byte[2048];
        Span<byte> a = stackalloc byte[20];
        Span<byte> b = stackalloc byte[20];
        for (var i = 0; i < 20_000; i++)
        {
            var length = random.Next(0, data.Length + 1);
            random.NextBytes(data.AsSpan(0, length));
            fast.Sha1(data.AsSpan(0, length), a);
            ManagedCryptoPrimitives.Instance.Sha1(data.AsSpan(0, length), b);
            if (!a.SequenceEqual(b))
            {
                throw new InvalidOperationException($"case {i} ({length} bytes): the digests differ");
            }
        }

        fast.Sha1("abc"u8, a);
        Convert.ToHexStringLower(a.ToArray()).Should().Be("a9993e364706816aba3e25717850c26c9cd0d89d", "FIPS 180's SHA-1 example");
    }

    [Theory]
    [InlineData(16, 16, 0)]
    [InlineData(16, 16, 15)]
    [InlineData(16, 16, 17)]
    [InlineData(15, 16, 16)]
    [InlineData(16, 17, 16)]
    public void MalformedLengths_NeverReachNativeCode(int keyLength, int ivLength, int dataLength)
    {
        var fast = Fast();

        var act = () => fast.DecryptCbcNoPadding(new byte[keyLength], new byte[ivLength], new byte[dataLength]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ManyThreads_EachWithItsOwnContexts_AgreeWithManaged()
    {
        var fast = Fast();
        var failures = 0;
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            var random = new Random(n);
            var key = new byte[16];
            var iv = new byte[16];
            var plain = new byte[80];
            var a = new byte[96];
            var b = new byte[96];
            for (var i = 0; i < 500; i++)
            {
                random.NextBytes(key);
                random.NextBytes(iv);
                random.NextBytes(plain);
                var length = fast.EncryptCbcPkcs7(key, iv, plain, a);
                ManagedCryptoPrimitives.Instance.EncryptCbcPkcs7(key, iv, plain, b);
                var sameCiphertext = a.AsSpan(0, length).SequenceEqual(b.AsSpan(0, length));
                fast.DecryptCbcNoPadding(key, iv, a.AsSpan(0, length));
                if (!sameCiphertext || !a.AsSpan(0, plain.Length).SequenceEqual(plain))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        failures.Should().Be(0);
    }

    [Fact]
    public void AppContextSwitch_TurnsTheFastPathOff()
    {
        AppContext.SetSwitch(CryptoPrimitives.DisableOpenSslSwitch, true);
        try
        {
            CryptoPrimitives.Select().Should().BeSameAs(ManagedCryptoPrimitives.Instance);
        }
        finally
        {
            AppContext.SetSwitch(CryptoPrimitives.DisableOpenSslSwitch, false);
        }

        CryptoPrimitives.Select().Name.Should().Be(Fast().Name);
    }

    private static IEnumerable<(byte[] LastBlock, bool Valid)> PaddingShapes(Random random)
    {
        for (var last = 0; last < 256; last++)
        {
            var block = new byte[16];
            random.NextBytes(block);
            block[15] = (byte)last;
            if (last is >= 1 and <= 16)
            {
                block.AsSpan(16 - last).Fill((byte)last);
            }

            yield return (block, last is >= 1 and <= 16);
        }

        for (var pad = 2; pad <= 16; pad++)
        {
            for (var wrong = 16 - pad; wrong < 15; wrong++)
            {
                var block = new byte[16];
                random.NextBytes(block);
                block.AsSpan(16 - pad).Fill((byte)pad);
                block[wrong] = (byte)(pad ^ (1 + random.Next(255)));
                yield return (block, false);
            }
        }
    }
}
