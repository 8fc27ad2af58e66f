using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.AspNetCore.Tests.DependencyInjection;

public sealed class UserProfileServerServiceCollectionExtensionsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["WeChat:AppId"] = "wx4f4bc4dec97d474b",
        ["WeChat:AppSecret"] = "0123456789abcdef0123456789abcdef",
        ["WeChat:ApiBaseAddress"] = "http://127.0.0.1:5124",
        ["WeChat:MaxDataAge"] = "00:05:00",
        ["WeChat:SessionLifetime"] = "1.00:00:00",
    };

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddUserProfileServer(configuration.GetSection("WeChat"));
        more?.Invoke(services);
        return services.BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public void AddUserProfileServer_BindsTheSectionAndRegistersEveryPart()
    {
        using var provider = Build(Valid);

        var options = provider.GetRequiredService<IOptions<UserProfileServerOptions>>().Value;
        (options.AppId, options.ApiBaseAddress, options.MaxDataAge, options.SessionLifetime).Should().Be(("wx4f4bc4dec97d474b", new Uri("http://127.0.0.1:5124"), TimeSpan.FromMinutes(5), TimeSpan.FromDays(1)));
        provider.GetRequiredService<UserProfileServer>().Should().NotBeNull();
        provider.GetRequiredService<UserProfileVerifier>().Should().BeSameAs(provider.GetRequiredService<UserProfileVerifier>());
        provider.GetRequiredService<WeChatAccessTokenProvider>().Should().BeSameAs(provider.GetRequiredService<WeChatAccessTokenProvider>(), "one access-token cache per app");
        provider.GetRequiredService<WeChatLoginClient>().ToString().Should().Contain("http://127.0.0.1:5124");
        provider.GetRequiredService<IWeChatSessionStore>().Should().BeOfType<InMemoryWeChatSessionStore>("no IDistributedCache is registered");
    }

    [Fact]
    public void AddUserProfileServer_WithAnIDistributedCache_StoresSessionsInIt()
    {
        using var provider = Build(Valid, services => services.AddDistributedMemoryCache());

        provider.GetRequiredService<IWeChatSessionStore>().Should().BeOfType<DistributedCacheWeChatSessionStore>()
            .Which.ToString().Should().Contain("MemoryDistributedCache").And.Contain("Protected = False");
    }

    [Fact]
    public async Task AddUserProfileServer_ProtectSessionKeys_EncryptsTheEntriesWithDataProtection()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["WeChat:ProtectSessionKeys"] = "true" };
        using var provider = Build(settings, services => services.AddDistributedMemoryCache().AddDataProtection().UseEphemeralDataProtectionProvider());
        var store = provider.GetRequiredService<IWeChatSessionStore>();

        await store.SaveAsync(new WeChatSession("wx4f4bc4dec97d474b", "oUser", null, "tiihtNczf5v6AKRyjwEUhQ==", DateTimeOffset.UnixEpoch));

        store.ToString().Should().Contain("Protected = True");
        var raw = await provider.GetRequiredService<IDistributedCache>().GetAsync("userprofile:session:wx4f4bc4dec97d474b:oUser");
        System.Text.Encoding.Latin1.GetString(raw!).Should().NotContain("tiihtNczf5v6AKRyjwEUhQ==");
        (await store.GetAsync("wx4f4bc4dec97d474b", "oUser"))!.SessionKey.Should().Be("tiihtNczf5v6AKRyjwEUhQ==");
    }

    [Fact]
    public void AddUserProfileServer_RegistersDataProtection_ForTokensAvatarLinksAndProtectedSessions()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["WeChat:ProtectSessionKeys"] = "true" };
        using var provider = Build(settings, services => services.AddDistributedMemoryCache());

        provider.GetService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>().Should().NotBeNull();
        provider.GetRequiredService<IWeChatSessionStore>().ToString().Should().Contain("Protected = True");
        provider.GetRequiredService<IWeChatProfileStore>().Should().BeOfType<InMemoryWeChatProfileStore>("nothing else is registered");
    }

    [Fact]
    public async Task AddUserProfileServer_InvalidOptions_FailStartUpWithOneMessageNamingEachProblem()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WeChat:AppId"] = "WX4F4BC4DEC97D474B",
            ["WeChat:MaxDataAge"] = "-00:01:00",
            ["WeChat:SessionLifetime"] = "00:00:00",
        });
        builder.Services.AddUserProfileServer(builder.Configuration.GetSection("WeChat"));
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var message = (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Message;
        message.Should().Contain("AddUserProfileServer").And.Contain("AppId must be").And.Contain("AppSecret is required")
            .And.Contain("MaxDataAge must be positive").And.Contain("SessionLifetime must be positive");
    }

    [Fact]
    public void AddUserProfileServer_CalledTwice_RegistersOnce()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Valid).Build();
        var services = new ServiceCollection();

        services.AddUserProfileServer(configuration.GetSection("WeChat"));
        var once = services.Count;
        services.AddUserProfileServer(configuration.GetSection("WeChat"));

        services.Count.Should().Be(once, "the same app registered twice adds nothing the second time");
        services.Count(d => d.ServiceType == typeof(UserProfileServer) && !d.IsKeyedService).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IWeChatSessionStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<UserProfileServerOptions>)).Should().Be(1);
    }

    [Fact]
    public void AddUserProfileServer_InCode_ConfiguresTheOptions()
    {
        var services = new ServiceCollection();
        services.AddUserProfileServer(o =>
        {
            o.AppId = "wx4f4bc4dec97d474b";
            o.AppSecret = "secret";
        });
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<UserProfileServer>().Should().NotBeNull();
        ((Action)(() => new ServiceCollection().AddUserProfileServer((IConfiguration)null!))).Should().Throw<ArgumentNullException>();
    }
}
