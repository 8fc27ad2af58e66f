using System.Reflection;
using MyShop.Models;

namespace MyShop.Services;

/// <summary>
/// The app's services use its own everyday types by their short names, with every package referenced: that this
/// compiles is the first half of the test. The second checks the packages' public types all live under one
/// namespace of their own, so no name they add can stand at the top level.
/// </summary>
public sealed class EverydayNamesTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(WeChatMiniProgram.UserProfile.UserProfileClient).Assembly,
        typeof(WeChatMiniProgram.UserProfile.AspNetCore.UserProfileServerOptions).Assembly,
        typeof(WeChatMiniProgram.UserProfile.Redis.RedisWeChatSessionStore).Assembly,
        typeof(WeChatMiniProgram.UserProfile.PostgreSql.PostgreSqlWeChatSessionStore).Assembly,
        typeof(WeChatMiniProgram.UserProfile.Emulator.WeChatEmulator).Assembly,
    ];

    [Fact]
    public void AppTypes_NamedLikeThePackages_CompileAndResolveToTheApp()
    {
        object[] mine =
        [
            new UserProfile(), new UserInfo(), new Option(), Gender.Female, Language.ZhCN, new Server(), new Session(), new Client(),
            new Profile(), new Watermark(), new Emulator(), new AspNetCore(), new Tool(), new Redis(), new PostgreSql(), new WeChat(),
            new Crypto(), new Diagnostics(), new Serialization(), new Sessions(), new Login(), new Errors(),
        ];

        mine.Select(o => o.GetType().Namespace).Should().AllBe("MyShop.Models");
    }

    [Fact]
    public void EveryPublicType_LivesUnderWeChatMiniProgramUserProfile()
    {
        var types = Packages.SelectMany(a => a.GetExportedTypes()).ToList();

        types.Should().NotBeEmpty();
        types.Select(t => t.Namespace ?? "(global)").Distinct().Should().OnlyContain(
            ns => ns == "WeChatMiniProgram.UserProfile" || ns.StartsWith("WeChatMiniProgram.UserProfile.", StringComparison.Ordinal),
            "a public namespace or type at the top level, or named by a single common word, would shadow an app's own type");
    }
}
