using System.Text.Json;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Client;

public sealed partial class UserProfileClientTests
{
    private static readonly UserInfo EmojiUser = new()
    {
        NickName = "小明😀 \"Q\" <b>&\\",
        Gender = Gender.Female,
        Language = "zh_TW",
        City = "臺北",
        Province = "臺灣",
        Country = "中國",
        AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/a+b/132?x=1&y=2",
    };

    [Theory]
    [InlineData(Language.En, "Guangzhou", "Guangdong", "China")]
    [InlineData(Language.ZhCN, "广州", "广东", "中国")]
    [InlineData(Language.ZhTW, "廣州", "廣東", "中國")]
    public async Task GetUserProfileAsync_EachLang_ReturnsRegionsInThatLanguage(Language lang, string city, string province, string country)
    {
        var prompt = new InMemoryConsentPromptProvider();

        var result = await TestClient.Create(prompt).GetUserProfileAsync(new Option { Desc = "ok", Lang = lang });

        result.UserInfo.City.Should().Be(city);
        result.UserInfo.Province.Should().Be(province);
        result.UserInfo.Country.Should().Be(country);
        prompt.Requests.Single().Lang.Should().Be(lang);
    }

    [Fact]
    public async Task GetUserProfileAsync_Allow_ReturnsRawDataInWeChatFieldOrderWithUnicodeUnescaped()
    {
        var result = await TestClient.Create(profiles: new InMemoryUserProfileSource(EmojiUser)).GetUserProfileAsync(new Option { Desc = "ok" });

        result.RawData.Should().Be(
            "{\"nickName\":\"小明😀 \\\"Q\\\" <b>&\\\\\",\"gender\":2,\"language\":\"zh_TW\",\"city\":\"臺北\",\"province\":\"臺灣\","
            + "\"country\":\"中國\",\"avatarUrl\":\"https://thirdwx.qlogo.cn/mmopen/vi_32/a+b/132?x=1&y=2\"}");
        JsonSerializer.Deserialize<UserInfo>(result.RawData).Should().Be(EmojiUser);
        result.UserInfo.Should().Be(EmojiUser);
        result.ErrMsg.Should().Be("getUserProfile:ok");
    }

    [Fact]
    public async Task GetUserProfileAsync_Allow_SignsRawDataWithSha1OfRawDataPlusSessionKey()
    {
        var sessionKey = TestClient.NewSessionKey();

        var result = await TestClient.Create(profiles: new InMemoryUserProfileSource(EmojiUser), sessionKey: sessionKey)
            .GetUserProfileAsync(new Option { Desc = "ok" });

        result.Signature.Should().Be(OpenDataCrypto.Sha1Hex(result.RawData + sessionKey)).And.MatchRegex("^[0-9a-f]{40}$");
    }

    [Fact]
    public async Task GetUserProfileAsync_Allow_EncryptsUserInfoWithWatermarkUnderTheSessionKey()
    {
        var time = new TestClock(new DateTimeOffset(2026, 11, 21, 9, 30, 15, TimeSpan.Zero));
        var sessionKey = TestClient.NewSessionKey();

        var result = await TestClient.Create(profiles: new InMemoryUserProfileSource(EmojiUser), sessionKey: sessionKey, time: time)
            .GetUserProfileAsync(new Option { Desc = "ok" });

        Convert.FromBase64String(result.Iv).Should().HaveCount(16);
        var plaintext = OpenDataCrypto.Decrypt(result.EncryptedData, result.Iv, sessionKey);
        plaintext.Should().StartWith(result.RawData[..^1] + ",\"watermark\":", "the plaintext is userInfo plus the watermark");
        using var json = JsonDocument.Parse(plaintext);
        var root = json.RootElement;
        root.GetProperty("nickName").GetString().Should().Be(EmojiUser.NickName);
        root.GetProperty("gender").GetInt32().Should().Be(2);
        root.GetProperty("avatarUrl").GetString().Should().Be(EmojiUser.AvatarUrl);
        root.GetProperty("watermark").GetProperty("timestamp").GetInt64().Should().Be(time.GetUtcNow().ToUnixTimeSeconds());
        root.GetProperty("watermark").GetProperty("appid").GetString().Should().Be(TestClient.AppId);
        root.TryGetProperty("openId", out _).Should().BeFalse("getUserProfile data carries no openId");
        root.TryGetProperty("unionId", out _).Should().BeFalse("getUserProfile data carries no unionId");
    }

    [Fact]
    public async Task GetUserProfileAsync_TwoCalls_UseFreshIvs()
    {
        var client = TestClient.Create(configure: o => o.MaxCallsPerSecond = 10);

        var first = await client.GetUserProfileAsync(new Option { Desc = "ok" });
        var second = await client.GetUserProfileAsync(new Option { Desc = "ok" });

        second.Iv.Should().NotBe(first.Iv);
        second.EncryptedData.Should().NotBe(first.EncryptedData);
    }

    [Fact]
    public async Task GetUserProfileAsync_AnonymousProfile_ReturnsTheProfileWeChatReturnsSince2271()
    {
        var prompt = new InMemoryConsentPromptProvider();
        var sessionKey = TestClient.NewSessionKey();
        var client = TestClient.Create(prompt, sessionKey: sessionKey, configure: o =>
        {
            o.BaseLibraryVersion = new Version(2, 27, 1);
            o.AnonymousProfile = true;
        });

        var result = await client.GetUserProfileAsync(new Option { Desc = "ok", Lang = Language.En });

        result.UserInfo.NickName.Should().Be("微信用户");
        result.UserInfo.AvatarUrl.Should().Be("https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132");
        result.UserInfo.Gender.Should().Be(Gender.Unknown);
        result.UserInfo.Language.Should().Be("zh_CN");
        result.UserInfo.Country.Should().BeEmpty();
        result.UserInfo.Province.Should().BeEmpty();
        result.UserInfo.City.Should().BeEmpty();
        result.RawData.Should().Contain("\"nickName\":\"微信用户\"");
        OpenDataCrypto.Decrypt(result.EncryptedData, result.Iv, sessionKey).Should().Contain("\"nickName\":\"微信用户\"");
        prompt.Requests.Single().Preview.Should().Be(result.UserInfo, "the prompt previews what will really be shared");
    }

    [Fact]
    public async Task GetUserProfileAsync_CloudOff_ReturnsNoCloudId()
    {
        var result = await TestClient.Create().GetUserProfileAsync(new Option { Desc = "ok" });

        result.CloudID.Should().BeNull();
    }

    [Fact]
    public async Task GetUserProfileAsync_CloudOn_ReturnsAUniqueCloudIdPerCall()
    {
        var client = TestClient.Create(configure: o => o.EnableCloud = true);

        var first = await client.GetUserProfileAsync(new Option { Desc = "ok" });
        var second = await client.GetUserProfileAsync(new Option { Desc = "ok" });

        first.CloudID.Should().NotBeNullOrEmpty();
        second.CloudID.Should().NotBeNullOrEmpty().And.NotBe(first.CloudID);
    }

    [Fact]
    public async Task GetUserProfileAsync_EveryCall_PromptsWithDescAppAndPreview()
    {
        var prompt = new InMemoryConsentPromptProvider();
        var client = TestClient.Create(prompt);

        await client.GetUserProfileAsync(new Option { Desc = "用于完善会员资料" });
        await client.GetUserProfileAsync(new Option { Desc = "second" });

        prompt.Requests.Select(r => r.Desc).Should().Equal("用于完善会员资料", "second");
        var request = prompt.Requests.First();
        request.AppId.Should().Be(TestClient.AppId);
        request.AppName.Should().Be("Test App");
        request.Preview.NickName.Should().Be("Band");
    }

    [Fact]
    public async Task GetUserProfileAsync_UserDenies_FailsWithAuthDeny()
    {
        var act = () => TestClient.Create(new InMemoryConsentPromptProvider(ConsentDecision.Deny)).GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be("getUserProfile:fail auth deny");
    }
}
