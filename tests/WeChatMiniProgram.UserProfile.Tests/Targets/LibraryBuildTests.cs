using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace WeChatMiniProgram.UserProfile.Tests.Targets;

/// <summary>
/// Proves which build of the library and which runtime each run of this suite uses: the net10.0 build on .NET 10, the
/// net8.0 build on .NET 8, and (WeChatMiniProgram.UserProfile.Tests.NetStandard, the same files) the netstandard2.0 build on both.
/// </summary>
public sealed class LibraryBuildTests
{
#if LIBRARY_NETSTANDARD2_0
    private const string ExpectedLibrary = ".NETStandard,Version=v2.0";
#elif NET10_0
    private const string ExpectedLibrary = ".NETCoreApp,Version=v10.0";
#else
    private const string ExpectedLibrary = ".NETCoreApp,Version=v8.0";
#endif

#if NET10_0
    private const string ExpectedRuntime = ".NET 10.";
#else
    private const string ExpectedRuntime = ".NET 8.";
#endif

    [Fact]
    public void Library_IsTheBuildThisRunIsFor()
        => typeof(UserProfileClient).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName.Should().Be(ExpectedLibrary);

    [Fact]
    public void CryptoPrimitives_AreOpenSslOnNet8AndLater_AndSystemSecurityCryptographyOnNetStandard()
    {
        // This suite runs its crypto through both paths: the net8.0 and net10.0 builds on the OpenSSL 3 fast path (Linux),
        // the netstandard2.0 build (WeChatMiniProgram.UserProfile.Tests.NetStandard, the same files) on System.Security.Cryptography.
#if LIBRARY_NETSTANDARD2_0
        WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active.Name.Should().Be("System.Security.Cryptography");
#else
        WeChatMiniProgram.UserProfile.Crypto.CryptoPrimitives.Active.Name.Should().Be(OperatingSystem.IsLinux() ? "OpenSSL 3 EVP" : "System.Security.Cryptography");
#endif
    }

    [Fact]
    public void Runtime_IsTheOneThisRunIsFor()
        => RuntimeInformation.FrameworkDescription.Should().StartWith(ExpectedRuntime);
}
