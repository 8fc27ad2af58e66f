using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace WeChatMiniProgram.UserProfile.Emulator.Tests;

/// <summary>POST /emulator/fill-in: the phone logs in to the backend and sends the avatar and nickname as a mini program does.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class WeChatEmulatorFillInTests : IAsyncLifetime
{
    private const string AppId = "wx4f4bc4dec97d474b";

    private readonly WeChatEmulator _emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppId, "0123456789abcdef0123456789abcdef"));
    private StandInProfileBackend _backend = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _backend = await StandInProfileBackend.StartAsync();
        _http = new HttpClient(_emulator.CreateHandler()) { BaseAddress = new Uri("http://emulator/") };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task FillIn_LogsIn_ThenSendsTheNicknameAndTheAvatarAsWxUploadFileDoes()
    {
        using var response = await _http.PostAsJsonAsync("emulator/fill-in", new { appid = AppId, user = "alice", backend = _backend.Address.ToString(), nickName = "小明 😀", avatar = new { builtin = "sunny" } });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var steps = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("step").GetString(), s.GetProperty("status").GetInt32())).ToList();
        steps.Should().Equal(("login", 200), ("nickname", 200), ("avatar", 200), ("profile", 200));
        _backend.Codes.Should().ContainSingle().Which.Should().NotBeNullOrEmpty();
        _backend.NickNames.Should().Equal("小明 😀");
        var avatar = _backend.Avatars.Should().ContainSingle().Which;
        (avatar.Field, avatar.FileName, avatar.ContentType).Should().Be(("file", "sunny.png", "image/png"));
        avatar.Bytes.Should().Equal(WeChatEmulator.BuiltInAvatar("sunny"));
        (await _http.GetByteArrayAsync("page/avatars/sunny.png")).Should().Equal(avatar.Bytes, "the page shows the same built-in image");
    }

    [Fact]
    public async Task FillIn_AFileOfTheUsers_IsSentAsItIs()
    {
        var photo = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 };

        using var response = await _http.PostAsJsonAsync("emulator/fill-in", new { appid = AppId, user = "bob", backend = _backend.Address.ToString(), avatar = new { base64 = Convert.ToBase64String(photo), fileName = "IMG_0001.jpg", contentType = "image/jpeg" } });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        _backend.Avatars.Should().ContainSingle().Which.Should().Match<(string, string, string, byte[])>(a => a.Item2 == "IMG_0001.jpg" && a.Item3 == "image/jpeg" && a.Item4.SequenceEqual(photo));
        _backend.NickNames.Should().BeEmpty("no nickname was typed");
    }

    [Fact]
    public async Task FillIn_ABackendThatIsNotThere_IsReportedAsUnreachable()
    {
        using var response = await _http.PostAsJsonAsync("emulator/fill-in", new { appid = AppId, user = "alice", backend = "http://127.0.0.1:9/", nickName = "x" });

        var login = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("steps").EnumerateArray().Single();
        login.GetProperty("status").ValueKind.Should().Be(JsonValueKind.Null);
        login.GetProperty("answer").GetString().Should().Contain("could not be reached");
    }

    [Theory]
    [InlineData("{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"backend\":\"ftp://x\",\"nickName\":\"a\"}", "backend")]
    [InlineData("{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"backend\":\"http://127.0.0.1:9/\"}", "nickName, an avatar")]
    [InlineData("{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"backend\":\"http://127.0.0.1:9/\",\"avatar\":{\"builtin\":\"nope\"}}", "avatar must be")]
    [InlineData("{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"alice\",\"backend\":\"http://127.0.0.1:9/\",\"avatar\":{\"base64\":\"%%%\"}}", "avatar must be")]
    [InlineData("{\"appid\":\"wx4f4bc4dec97d474b\",\"user\":\"nobody\",\"backend\":\"http://127.0.0.1:9/\",\"nickName\":\"a\"}", "user of the emulator")]
    public async Task FillIn_BadInput_Is400NamingIt(string body, string named)
    {
        using var response = await _http.PostAsync("emulator/fill-in", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().Contain(named);
        _backend.Codes.Should().BeEmpty("nothing is sent before the request is whole");
    }
}
