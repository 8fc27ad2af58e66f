using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Client;

public sealed partial class UserProfileClientTests
{
    [Fact]
    public async Task GetUserProfileAsync_DescNull_FailsWithParameterError()
    {
        var prompt = new InMemoryConsentPromptProvider();
        CallbackResult? failed = null;

        var act = () => TestClient.Create(prompt).GetUserProfileAsync(new Option { Fail = r => failed = r });

        (await act.Should().ThrowAsync<UserProfileException>())
            .Which.ErrMsg.Should().Be("getUserProfile:fail parameter error: parameter.desc should be String instead of Undefined;");
        failed!.ErrMsg.Should().Be("getUserProfile:fail parameter error: parameter.desc should be String instead of Undefined;");
        prompt.Requests.Should().BeEmpty("validation happens before any prompt");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234567890123456789012345678901")] // 31 ASCII characters
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一")] // 31 CJK characters
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")] // 16 emoji = 32 UTF-16 units
    [InlineData("😀12345678901234567890123456789")] // 1 emoji + 29 ASCII = 31 UTF-16 units
    public async Task GetUserProfileAsync_DescEmptyOrOver30Utf16Units_FailsWithDescLength(string desc)
    {
        var prompt = new InMemoryConsentPromptProvider();

        var act = () => TestClient.Create(prompt).GetUserProfileAsync(new Option { Desc = desc });

        (await act.Should().ThrowAsync<UserProfileException>())
            .Which.ErrMsg.Should().Be("getUserProfile:fail desc length does not meet the requirements");
        prompt.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData("123456789012345678901234567890")] // 30 ASCII characters
    [InlineData("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十")] // 30 CJK characters
    [InlineData("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀")] // 15 emoji = 30 UTF-16 units
    [InlineData("a")]
    public async Task GetUserProfileAsync_DescUpTo30Utf16Units_Succeeds(string desc)
    {
        var prompt = new InMemoryConsentPromptProvider();

        var result = await TestClient.Create(prompt).GetUserProfileAsync(new Option { Desc = desc });

        result.ErrMsg.Should().Be("getUserProfile:ok");
        prompt.Requests.Should().ContainSingle().Which.Desc.Should().Be(desc);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    [InlineData(42)]
    public async Task GetUserProfileAsync_LangUndefined_FailsWithLangError(int lang)
    {
        var prompt = new InMemoryConsentPromptProvider();

        var act = () => TestClient.Create(prompt).GetUserProfileAsync(new Option { Desc = "ok", Lang = (Language)lang });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be(ErrMsgs.LangInvalid);
        prompt.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetUserProfileAsync_OptionNull_ThrowsArgumentNullException()
    {
        var act = () => TestClient.Create().GetUserProfileAsync(null!);

        await act.Should().ThrowAsync<ArgumentNullException>().WithParameterName("option");
    }

    [Theory]
    [InlineData(HostPlatform.H5)]
    [InlineData(HostPlatform.ReactNative)]
    public async Task GetUserProfileAsync_UnsupportedPlatform_FailsWithNotSupported(HostPlatform platform)
    {
        var prompt = new InMemoryConsentPromptProvider();

        var act = () => TestClient.Create(prompt, configure: o => o.Platform = platform).GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be("getUserProfile:fail not supported on this platform");
        prompt.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetUserProfileAsync_BaseLibraryBefore2104_FailsWithNotSupported()
    {
        var act = () => TestClient.Create(configure: o => o.BaseLibraryVersion = new Version(2, 10, 3))
            .GetUserProfileAsync(new Option { Desc = "ok" });

        (await act.Should().ThrowAsync<UserProfileException>()).Which.ErrMsg.Should().Be("getUserProfile:fail not supported before base library 2.10.4");
    }

    [Fact]
    public async Task GetUserProfileAsync_BaseLibrary2104_Succeeds()
    {
        var result = await TestClient.Create(configure: o => o.BaseLibraryVersion = new Version(2, 10, 4))
            .GetUserProfileAsync(new Option { Desc = "ok" });

        result.ErrMsg.Should().Be(ErrMsgs.Ok);
    }
}
