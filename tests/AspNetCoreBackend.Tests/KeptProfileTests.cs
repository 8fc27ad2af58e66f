using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using WeChatMiniProgram.UserProfile.Emulator;
using WeChatMiniProgram.UserProfile.Tests.Engines;
using WeChatMiniProgram.UserProfile.Server;

namespace AspNetCoreBackend.Tests;

/// <summary>Kept profiles on the sample with no engine: one instance, in memory.</summary>
public sealed class KeptProfileInMemoryTests() : KeptProfileTests(null, null);

/// <summary>Kept profiles on two instances of the sample over one Redis.</summary>
[Collection(nameof(PausedEngines))]
public sealed class KeptProfileOnRedisTests() : KeptProfileTests("redis", TestEngines.Redis);

/// <summary>Kept profiles on two instances of the sample over one PostgreSQL.</summary>
[Collection(nameof(PausedEngines))]
public sealed class KeptProfileOnPostgreSqlTests(TestPostgres postgres) : KeptProfileTests("postgresql", postgres.ConnectionString), IClassFixture<TestPostgres>;

/// <summary>
/// Today's flow against the sample and the emulator, each on Kestrel: log in, GET /profile (404), fill in a nickname
/// (msgSecCheck) and an avatar (re-encoded, downloaded by the emulator through its check link, decided by the push to
/// /wechat/push), then read the kept profile and the avatar; risky content, a replaced avatar, erasure and bad input.
/// On an engine, two instances: the mini program talks to A, WeChat pushes to B, and either reads what the other kept.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xunit disposes it through IAsyncLifetime.DisposeAsync.")]
public abstract class KeptProfileTests(string? engine, string? connection) : IAsyncLifetime
{
    private const string AppId = "wx4f4bc4dec97d474b";
    private const string Secret = "demo-secret-of-the-userprofile-emulator";

    private readonly WeChatEmulator _emulator = new(new WeChatEmulatorOptions { IdentitySeed = Guid.NewGuid().ToString() });
    private readonly List<WebApplicationFactory<Program>> _instances = [];
    private WeChatEmulatorHost _emulatorHost = null!;
    private HttpClient _backend = null!;
    private HttpClient _other = null!;

    public async Task InitializeAsync()
    {
        _emulatorHost = await WeChatEmulatorHost.StartAsync(_emulator);
        _backend = StartInstance();
        _other = engine is null ? _backend : StartInstance();
        PushTo(_other.BaseAddress!);
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _emulatorHost.DisposeAsync();
    }

    /// <summary>An instance of the sample on its own Kestrel port, on this class's engine.</summary>
    private HttpClient StartInstance(params (string Key, string Value)[] settings)
    {
        var sample = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("WeChat:ApiBaseAddress", _emulatorHost.Address.ToString());
            if (engine is not null)
            {
                web.UseSetting("SessionStore:Engine", engine).UseSetting("ConnectionStrings:Sessions", connection);
            }

            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });
        sample.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        sample.StartServer();
        _instances.Add(sample);
        return new HttpClient { BaseAddress = new Uri(sample.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()) };
    }

    /// <summary>WeChat's pushes for the app go to <paramref name="address"/>'s /wechat/push, with the sample's Token and key.</summary>
    private void PushTo(Uri address)
    {
        var push = _instances[0].Services.GetRequiredService<IConfiguration>().GetSection("WeChat:Push");
        _emulator.AddApp(new EmulatorApp(AppId, Secret)
        {
            PushUrl = new Uri(address, "wechat/push"),
            PushToken = push["Token"],
            PushEncodingAesKey = push["EncodingAesKey"],
            PushMode = WeChatPushMode.Secure,
            RiskyWords = new Dictionary<string, int> { ["赌博"] = ContentLabels.Crime },
            ReviewWords = new Dictionary<string, int> { ["擦边"] = ContentLabels.Vulgar },
        });
    }

    [Fact]
    public async Task TheFillIn_KeepsTheNickNameAndTheAvatar_WhichThePushPasses()
    {
        var (token, openId) = await LogInAsync("alice");

        var none = await SendAsync(HttpMethod.Get, "/profile", token);
        none.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Problem(none)).GetProperty("error").GetString().Should().Be("ProfileNotKept");

        var named = await SendAsync(_other, HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = "小明" }));
        named.StatusCode.Should().Be(HttpStatusCode.OK);
        var uploaded = await SendAsync(HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(1200, 900)));
        uploaded.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await Json(uploaded)).GetProperty("avatarState").GetString().Should().Be("checking");

        await _emulator.WhenPushesSettled();
        var kept = await Json(await SendAsync(HttpMethod.Get, "/profile", token));
        (kept.GetProperty("nickName").GetString(), kept.GetProperty("nickNameState").GetString(), kept.GetProperty("avatarState").GetString(), kept.GetProperty("nickNameSource").GetString())
            .Should().Be(("小明", "pass", "pass", "filledIn"));
        kept.GetProperty("openid").GetString().Should().Be(openId);
        kept.GetProperty("nickNameKeptAt").GetDateTimeOffset().Should().BeOnOrBefore(kept.GetProperty("avatarKeptAt").GetDateTimeOffset(), "the avatar's time is its verdict's");

        var avatarUrl = new Uri(kept.GetProperty("avatarUrl").GetString()!);
        var avatar = await _backend.GetAsync(avatarUrl);
        avatar.StatusCode.Should().Be(HttpStatusCode.OK);
        avatar.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        avatar.Headers.ETag!.IsWeak.Should().BeFalse();
        avatar.Headers.CacheControl!.MaxAge.Should().BeGreaterThan(TimeSpan.FromDays(30));
        using (var image = SKBitmap.Decode(await avatar.Content.ReadAsByteArrayAsync()))
        {
            (image.Width, image.Height).Should().Be((640, 480), "scaled to fit 640×640");
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, avatarUrl) { Headers = { IfNoneMatch = { avatar.Headers.ETag } } };
        (await _backend.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task ARiskyNickName_IsA422NamingTheLabel_AndNothingIsKept_AReviewedOneIsKeptAndMarked()
    {
        var (token, _) = await LogInAsync("bob");

        var risky = await SendAsync(HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = "赌博达人" }));
        risky.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        var problem = await Problem(risky);
        (problem.GetProperty("error").GetString(), problem.GetProperty("label").GetInt32()).Should().Be(("NickNameRisky", ContentLabels.Crime));
        (await SendAsync(HttpMethod.Get, "/profile", token)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var review = await Json(await SendAsync(HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = "擦边球" })));
        (review.GetProperty("nickName").GetString(), review.GetProperty("nickNameState").GetString()).Should().Be(("擦边球", "review"));
    }

    [Fact]
    public async Task ARiskyAvatar_IsRemoved_AndItsOwnerSeesWhy_AVerdictForAReplacedAvatarChangesNothing()
    {
        var (token, openId) = await LogInAsync("alice");
        _emulator.SetNextMediaVerdict(AppId, openId, ContentSuggest.Risky, ContentLabels.Porn);
        await SendAsync(HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(300, 300)));
        await _emulator.WhenPushesSettled();

        var removed = await Json(await SendAsync(HttpMethod.Get, "/profile", token));
        (removed.GetProperty("avatarState").GetString(), removed.GetProperty("avatarLabel").GetInt32()).Should().Be(("risky", ContentLabels.Porn));
        removed.GetProperty("avatarUrl").ValueKind.Should().Be(JsonValueKind.Null);
        removed.GetProperty("avatarReason").GetString().Should().Contain("risky");

        // The first upload's verdict (risky) comes after the second replaced it: only the second's (pass) counts.
        _emulator.SetNextMediaVerdict(AppId, openId, ContentSuggest.Risky, ContentLabels.Porn);
        await SendAsync(HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(200, 200)));
        var second = await Json(await SendAsync(HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(100, 100))));
        await _emulator.WhenPushesSettled();

        var kept = await Json(await SendAsync(HttpMethod.Get, "/profile", token));
        kept.GetProperty("avatarState").GetString().Should().Be("pass");
        (await _backend.GetAsync(kept.GetProperty("avatarUrl").GetString())).StatusCode.Should().Be(HttpStatusCode.OK);
        second.GetProperty("avatarState").GetString().Should().Be("checking");
        _emulator.GetPushes().Should().OnlyContain(p => p.Acknowledged);
    }

    [Fact]
    public async Task Erasure_LeavesNoProfileAvatarOrSession_AndIsIdempotent()
    {
        var (token, _) = await LogInAsync("bob");
        await SendAsync(HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = "Dave" }));
        await SendAsync(HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(64, 64)));
        await _emulator.WhenPushesSettled();
        var avatarUrl = (await Json(await SendAsync(HttpMethod.Get, "/profile", token))).GetProperty("avatarUrl").GetString();

        (await SendAsync(HttpMethod.Delete, "/profile", token)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await SendAsync(HttpMethod.Delete, "/profile", token)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await SendAsync(HttpMethod.Get, "/profile", token)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _backend.GetAsync(avatarUrl)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var post = await SendAsync(HttpMethod.Post, "/profile", token, JsonContent.Create(new { rawData = "{}", signature = "0", encryptedData = "AAAA", iv = "AAAAAAAAAAAAAAAAAAAAAA==" }));
        (await Problem(post)).GetProperty("error").GetString().Should().Be("SessionNotFound", "the session was erased too");
    }

    [Fact]
    public async Task BadUploads_AreFourHundredsThatNameTheCause_AndKeepNothing()
    {
        var (token, _) = await LogInAsync("alice");

        async Task<(HttpStatusCode, string?)> Put(HttpContent content)
        {
            var answer = await SendAsync(HttpMethod.Put, "/profile/avatar", token, content);
            return (answer.StatusCode, (await Problem(answer)).GetProperty("error").GetString());
        }

        (await Put(Raw(Encoding.ASCII.GetBytes("<html>not an image</html>"), "image/png"))).Should().Be((HttpStatusCode.UnsupportedMediaType, "NotAnImage"));
        (await Put(Raw(Bomb(), "image/png"))).Should().Be((HttpStatusCode.RequestEntityTooLarge, "AvatarTooManyPixels"));
        (await Put(Raw(Photo(400, 400)[..600], "image/jpeg"))).Should().Be((HttpStatusCode.BadRequest, "AvatarTruncated"));
        (await Put(Raw(new byte[11 * 1024 * 1024], "image/jpeg"))).Should().Be((HttpStatusCode.RequestEntityTooLarge, "AvatarTooLarge"));
        (await Put(JsonContent.Create(new { avatar = "x" }))).Should().Be((HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType"));
        var cut = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n\xFF\xD8"));
        cut.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        (await Put(cut)).Should().Be((HttpStatusCode.BadRequest, "MalformedMultipart"));
        (await Put(new MultipartFormDataContent { { new StringContent("x"), "text" } })).Should().Be((HttpStatusCode.BadRequest, "MissingAvatarFile"));

        var wrongType = await SendAsync(HttpMethod.Put, "/profile/nickname", token, new StringContent("{\"nickName\": 42}", Encoding.UTF8, "application/json"));
        wrongType.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var tooLong = await SendAsync(HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = new string('名', 65) }));
        (await Problem(tooLong)).GetProperty("error").GetString().Should().Be("InvalidNickName");
        var anonymous = await SendAsync(HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = WeChatMiniProgram.UserProfile.AnonymousProfile.NickName }));
        (await Problem(anonymous)).GetProperty("error").GetString().Should().Be("AnonymousNickName");

        (await SendAsync(HttpMethod.Get, "/profile", token)).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was kept");
    }

    [Fact]
    public async Task APhonePhotosExifLocation_IsNeverKeptOrServed()
    {
        var (token, _) = await LogInAsync("bob");
        var photo = WithExif(Photo(800, 600), "GPSLatitude 39.9042 N GPSLongitude 116.4074 E");

        await SendAsync(HttpMethod.Put, "/profile/avatar", token, Raw(photo, "image/jpeg"));
        await _emulator.WhenPushesSettled();
        var served = await _backend.GetByteArrayAsync((await Json(await SendAsync(HttpMethod.Get, "/profile", token))).GetProperty("avatarUrl").GetString());

        Encoding.Latin1.GetString(served).Should().NotContain("GPSLatitude").And.NotContain("Exif");
        Encoding.Latin1.GetString(photo).Should().Contain("GPSLatitude", "the upload carried it");
    }

    [Fact]
    public async Task ANickNameAndAnAvatarAtOnce_OnTwoInstances_AreBothKept()
    {
        var (token, _) = await LogInAsync("alice");

        var answers = await Task.WhenAll(
            SendAsync(_other, HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = "Both" })),
            SendAsync(HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(500, 500))));
        await _emulator.WhenPushesSettled();

        answers.Select(a => a.StatusCode).Should().Equal(HttpStatusCode.OK, HttpStatusCode.Accepted);
        var kept = await Json(await SendAsync(_other, HttpMethod.Get, "/profile", token));
        (kept.GetProperty("nickName").GetString(), kept.GetProperty("avatarState").GetString()).Should().Be(("Both", "pass"));
    }

    [Fact]
    public async Task AUserWhoLeftOverTwoHoursAgo_Is409UserNotRecentlyActive_AndNothingIsHalfKept()
    {
        var (token, _) = await LogInAsync("alice");
        await SendAsync(HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = "Kept" }));
        _emulator.AdvanceClock(TimeSpan.FromHours(3));

        var nickName = await SendAsync(HttpMethod.Put, "/profile/nickname", token, JsonContent.Create(new { nickName = "Later" }));
        var avatar = await SendAsync(HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(100, 100)));

        (nickName.StatusCode, (await Problem(nickName)).GetProperty("error").GetString()).Should().Be((HttpStatusCode.Conflict, "UserNotRecentlyActive"));
        (await Problem(avatar)).GetProperty("detail").GetString().Should().Contain("opened the mini program within the last 2 hours");
        var kept = await Json(await SendAsync(HttpMethod.Get, "/profile", token));
        kept.GetProperty("nickName").GetString().Should().Be("Kept");
        kept.GetProperty("avatarState").ValueKind.Should().Be(JsonValueKind.Null, "the refused avatar was not kept");
    }

    [Fact]
    public async Task PublicBaseAddress_IsWhereWeChatDownloads_AnAddressItCannotReachDropsTheAvatar()
    {
        var unreachable = StartInstance(("WeChat:PublicBaseAddress", "http://127.0.0.1:9/"));
        PushTo(unreachable.BaseAddress!);
        var (token, _) = await LogInAsync("alice");

        await SendAsync(unreachable, HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(100, 100)));
        await _emulator.WhenPushesSettled();

        var kept = await SendAsync(unreachable, HttpMethod.Get, "/profile", token);
        kept.StatusCode.Should().Be(HttpStatusCode.NotFound, "WeChat could not download the avatar (-1008): it was dropped, and the user is asked again");
        _emulator.GetPushes().Should().ContainSingle().Which.Acknowledged.Should().BeTrue();
    }

    [Fact]
    public async Task ForwardedHeaders_CountOnlyWhereTheAppTrustsThem()
    {
        var (token, _) = await LogInAsync("alice");
        await SendAsync(HttpMethod.Put, "/profile/avatar", token, Multipart(Photo(100, 100)));
        await _emulator.WhenPushesSettled();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/profile") { Headers = { { "X-Forwarded-Host", "evil.example" }, { "X-Forwarded-Proto", "https" } } };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var kept = await Json(await _backend.SendAsync(request));

        new Uri(kept.GetProperty("avatarUrl").GetString()!).Authority.Should().Be(_backend.BaseAddress!.Authority, "the sample trusts no proxy");
    }

    [Fact]
    public async Task TheEmulatorsFillIn_ThePagesPhone_KeepsAProfileOnTheSample()
    {
        using var phone = new HttpClient { BaseAddress = _emulatorHost.Address };

        using var filled = await phone.PostAsJsonAsync("emulator/fill-in", new { appid = AppId, user = "bob", backend = _backend.BaseAddress!.ToString(), nickName = "Bob 鲍勃", avatar = new { builtin = "mint" } });
        await _emulator.WhenPushesSettled();

        filled.StatusCode.Should().Be(HttpStatusCode.OK, await filled.Content.ReadAsStringAsync());
        var steps = (await Json(filled)).GetProperty("steps").EnumerateArray().ToDictionary(step => step.GetProperty("step").GetString()!, step => step.GetProperty("status").GetInt32());
        (steps["login"], steps["nickname"], steps["avatar"], steps["profile"]).Should().Be((200, 200, 202, 200));
        var (token, _) = await LogInAsync("bob");
        var kept = await Json(await SendAsync(_other, HttpMethod.Get, "/profile", token));
        (kept.GetProperty("nickName").GetString(), kept.GetProperty("avatarState").GetString()).Should().Be(("Bob 鲍勃", "pass"));
    }

    private async Task<(string Token, string OpenId)> LogInAsync(string user)
    {
        using var phone = new HttpClient { BaseAddress = _emulatorHost.Address };
        using var code = await phone.PostAsJsonAsync("emulator/login", new { appid = AppId, user });
        using var login = await _backend.PostAsJsonAsync("/login", new { code = (await code.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString() });
        var answer = await login.Content.ReadFromJsonAsync<JsonElement>();
        return (answer.GetProperty("token").GetString()!, answer.GetProperty("openid").GetString()!);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null) => SendAsync(_backend, method, path, token, content);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient instance, HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await instance.SendAsync(request);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage answer) => await answer.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<JsonElement> Problem(HttpResponseMessage answer)
    {
        answer.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return await answer.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static MultipartFormDataContent Multipart(byte[] image)
    {
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return new MultipartFormDataContent { { file, "file", "tmp_avatar.jpg" } };
    }

    private static ByteArrayContent Raw(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    /// <summary>A photo-like JPEG: a gradient, so it does not compress to nothing.</summary>
    private static byte[] Photo(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.Orange, SKColors.Teal], SKShaderTileMode.Clamp) })
        {
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>A tiny PNG that declares 100000×100000 pixels: 40 GB once decoded.</summary>
    private static byte[] Bomb()
    {
        var png = Photo(8, 8);
        using var bitmap = SKBitmap.Decode(png);
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        var bytes = encoded.ToArray();
        // IHDR's width and height (big-endian, bytes 16..23), and the chunk's CRC over its type and data, made valid again.
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), 100_000);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(12, 17)));
        return bytes;
    }

    /// <summary>The JPEG with an APP1 Exif segment right after SOI, as a phone camera writes it.</summary>
    private static byte[] WithExif(byte[] jpeg, string text)
    {
        var payload = Encoding.ASCII.GetBytes("Exif\0\0" + text);
        var length = payload.Length + 2;
        return [.. jpeg[..2], 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. payload, .. jpeg[2..]];
    }
}
