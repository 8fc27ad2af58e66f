using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace WeChatMiniProgram.UserProfile.Emulator.Tests.Page;

/// <summary>
/// The page in a real browser (Debian's Chromium, driven by Playwright): a prompt pops up by itself and a click answers
/// the waiting call, prompts queue one at a time, the phone panel and the user form work, the call log is live, and
/// nothing is loaded from another host.
/// </summary>
#pragma warning disable CA1001 // xunit disposes everything through IAsyncLifetime.DisposeAsync.
public sealed class WeChatEmulatorBrowserTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "0123456789abcdef0123456789abcdef";

    private readonly WeChatEmulator _emulator = new WeChatEmulator().AddApp(new EmulatorApp(AppId, Secret) { Name = "Coffee Club", IssueUnionId = true });
    private readonly List<string> _externalRequests = [];
    private readonly List<string> _pageErrors = [];
    private WeChatEmulatorHost _host = null!;
    private HttpClient _http = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;

    /// <summary>Where the test saves its screenshot of the consent prompt; the README shows a copy (docs/emulator-page.png).</summary>
    public static string ScreenshotPath => Path.Combine(AppContext.BaseDirectory, "screenshots", "emulator-page.png");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("USERPROFILE_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        File.Exists(chromium).Should().BeTrue(
            $"the page is tested in a real browser: install Debian's Chromium with 'apt-get install chromium' (.ci/run does), or set USERPROFILE_TEST_CHROMIUM to a Chromium binary; {chromium} does not exist");

        _host = await WeChatEmulatorHost.StartAsync(_emulator);
        _http = new HttpClient { BaseAddress = _host.Address };
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        _page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 760 }, Locale = "en-US" });
        _page.PageError += (_, error) => _pageErrors.Add(error);

        // Offline: anything not served by the emulator is refused and recorded.
        await _page.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Host == "127.0.0.1")
            {
                await route.ContinueAsync();
                return;
            }

            lock (_externalRequests)
            {
                _externalRequests.Add($"{route.Request.ResourceType} {route.Request.Url}");
            }

            await route.AbortAsync();
        });
        await _page.GotoAsync(_host.Address.ToString());
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task APromptPopsUpByItself_AllowAndDenyAnswerTheWaitingCalls_OneAtATime()
    {
        await Expect(_page.Locator("#apps")).ToContainTextAsync("Coffee Club");
        var dialog = _page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeHiddenAsync();

        // A backend's test logs two users in and asks for their profiles; the page, already open, shows the first prompt with no reload.
        _emulator.Login(AppId, "alice");
        _emulator.Login(AppId, "bob");
        var alice = AskAsync("alice", "Show your name on your orders", "2.26.0");
        await _emulator.WhenPromptsPending(1);
        var bob = AskAsync("bob", "Print your name on the receipt", "2.26.0");
        await _emulator.WhenPromptsPending(2);

        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog).ToContainTextAsync("Coffee Club");
        await Expect(dialog).ToContainTextAsync("Show your name on your orders");
        await Expect(dialog).ToContainTextAsync("Alice 爱丽丝");
        await Expect(dialog).ToContainTextAsync("1 more waiting");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Deny" })).ToBeVisibleAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(ScreenshotPath)!);
        await _page.ScreenshotAsync(new() { Path = ScreenshotPath });
        new FileInfo(ScreenshotPath).Length.Should().BeGreaterThan(10_000);

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        using (var allowed = await alice)
        {
            allowed.StatusCode.Should().Be(HttpStatusCode.OK);
            var result = await allowed.Content.ReadFromJsonAsync<JsonElement>();
            result.GetProperty("userInfo").GetProperty("nickName").GetString().Should().Be("Alice 爱丽丝");
        }

        bob.IsCompleted.Should().BeFalse("its prompt comes next, as on a phone");
        await Expect(dialog).ToContainTextAsync("Print your name on the receipt");
        await Expect(dialog).Not.ToContainTextAsync("more waiting");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Deny" }).ClickAsync();
        using (var denied = await bob)
        {
            denied.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await denied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errMsg").GetString().Should().Be("getUserProfile:fail auth deny");
        }

        await Expect(dialog).ToBeHiddenAsync();
        AssertOffline();
    }

    [Fact]
    public async Task ThePhonePanel_LogsInAndAsks_AndTheCallLogShowsTheBackendsCalls()
    {
        await _page.Locator("#phone-user").SelectOptionAsync("bob");
        await _page.GetByRole(AriaRole.Button, new() { Name = "wx.login" }).ClickAsync();
        await Expect(_page.Locator("#code")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Za-z0-9_-]{32}$"));
        var code = await _page.Locator("#code").TextContentAsync();

        // The backend exchanges the page's code; its call appears in the live call log.
        using (var session = await _http.GetAsync($"sns/jscode2session?appid={AppId}&secret={Secret}&js_code={code}&grant_type=authorization_code"))
        {
            (await session.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("session_key", out _).Should().BeTrue();
        }

        var log = _page.Locator("#calls tbody tr").First;
        await Expect(log).ToContainTextAsync("jscode2session");
        await Expect(log).ToContainTextAsync(AppId);

        await _page.Locator("#desc").FillAsync("Show your name on your orders");
        await _page.GetByRole(AriaRole.Button, new() { Name = "getUserProfile" }).ClickAsync();
        var dialog = _page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("微信用户"); // base library 3.0.0: the anonymised profile
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();
        await Expect(_page.Locator("#result")).ToContainTextAsync("getUserProfile:ok");
        await Expect(_page.Locator("#result")).ToContainTextAsync("encryptedData");
        AssertOffline();
    }

    [Fact]
    public async Task TheUserForm_AddsAndEditsUsers()
    {
        var form = _page.GetByRole(AriaRole.Form, new() { Name = "Add or edit a user" });
        await form.GetByLabel("User").FillAsync("carol");
        await form.GetByLabel("nickName").FillAsync("Carol 卡罗尔");
        await form.GetByLabel("Gender").SelectOptionAsync("female");
        await form.GetByLabel("City").FillAsync("Taipei");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();

        await Expect(_page.Locator("#user-status")).ToHaveTextAsync("Saved carol.");
        await Expect(_page.Locator("#users")).ToContainTextAsync("Carol 卡罗尔");
        await Expect(_page.Locator("#phone-user")).ToContainTextAsync("carol");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Edit alice" }).ClickAsync();
        await Expect(form.GetByLabel("nickName")).ToHaveValueAsync("Alice 爱丽丝");
        await form.GetByLabel("nickName").FillAsync("Alice 2");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();
        await Expect(_page.Locator("#user-status")).ToHaveTextAsync("Saved alice.");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Edit bob" }).ClickAsync();
        await form.GetByLabel("Blocked").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Save user" }).ClickAsync();
        await Expect(_page.Locator("#user-status")).ToHaveTextAsync("Saved bob.");
        await Expect(_page.Locator("#users")).ToContainTextAsync("bob (blocked: 40226)");

        var users = await _http.GetFromJsonAsync<JsonElement>("emulator/users");
        users.EnumerateArray().Single(u => u.GetProperty("user").GetString() == "bob").GetProperty("blocked").GetBoolean().Should().BeTrue();
        users.EnumerateArray().Single(u => u.GetProperty("user").GetString() == "alice").GetProperty("blocked").GetBoolean().Should().BeFalse();
        users.EnumerateArray().Select(u => u.GetProperty("userInfo").GetProperty("nickName").GetString()).Should().Contain(["Alice 2", "Carol 卡罗尔"]);
        users.EnumerateArray().Single(u => u.GetProperty("user").GetString() == "carol").GetProperty("userInfo").GetProperty("gender").GetInt32().Should().Be(2);
        AssertOffline();
    }

    [Fact]
    public async Task ThePhone_FillsInAvatarAndNickname_ToABackend_AndThePushesShowOnThePage()
    {
        await using var backend = await StandInProfileBackend.StartAsync();
        var form = _page.GetByRole(AriaRole.Form, new() { Name = "头像昵称填写 · Fill in avatar and nickname" });
        await form.GetByLabel("Backend").FillAsync(backend.Address.ToString());
        await form.GetByRole(AriaRole.Radio, new() { Name = "Avatar mint" }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Use the WeChat nickname" }).ClickAsync();
        await Expect(form.GetByRole(AriaRole.Textbox, new() { Name = "Nickname (type=\"nickname\")" })).ToHaveValueAsync("Alice 爱丽丝");
        await form.GetByRole(AriaRole.Textbox, new() { Name = "Nickname (type=\"nickname\")" }).FillAsync("Alice 的新昵称");
        await form.GetByRole(AriaRole.Button, new() { Name = "Send to backend" }).ClickAsync();

        await Expect(_page.Locator("#fill-in-result")).ToContainTextAsync("profile: 200");
        await Expect(_page.Locator("#fill-in-result")).ToContainTextAsync("avatar: 200");
        backend.NickNames.Should().Equal("Alice 的新昵称");
        backend.Avatars.Should().ContainSingle().Which.Bytes.Should().Equal(WeChatEmulator.BuiltInAvatar("mint"));

        // A media check whose verdict has nowhere to go: the pushes panel says so.
        var options = new WeChatMiniProgram.UserProfile.Server.WeChatApiOptions { AppId = AppId, AppSecret = Secret, ApiBaseAddress = _host.Address };
        var openId = (await new WeChatMiniProgram.UserProfile.Server.WeChatLoginClient(_http, options).Code2SessionAsync(_emulator.Login(AppId, "bob"))).OpenId;
        var traceId = await new WeChatMiniProgram.UserProfile.Server.WeChatContentSecurityClient(_http, options)
            .StartMediaCheckAsync(openId, new Uri(backend.Address, "nothing.png"), WeChatMiniProgram.UserProfile.Server.ContentMediaType.Image, WeChatMiniProgram.UserProfile.Server.ContentScene.Profile);
        await _emulator.WhenPushesSettled();
        await Expect(_page.Locator("#pushes")).ToContainTextAsync(traceId);
        await Expect(_page.Locator("#pushes")).ToContainTextAsync("no push URL");
        await Expect(_page.Locator("#calls")).ToContainTextAsync("media_check_async");
        AssertOffline();
    }

    private Task<HttpResponseMessage> AskAsync(string user, string desc, string baseLibrary)
        => _http.PostAsJsonAsync("emulator/getUserProfile", new { appid = AppId, user, desc, lang = "en", consent = "ask", baseLibrary });

    private void AssertOffline()
    {
        _pageErrors.Should().BeEmpty("the page's script runs without errors");
        lock (_externalRequests)
        {
            _externalRequests.Should().OnlyContain(r => r.StartsWith("image ", StringComparison.Ordinal),
                "the page's scripts, styles and fonts come from the emulator; only a user's own avatar URL points elsewhere, and the page shows an initial when it cannot load");
        }
    }
}
