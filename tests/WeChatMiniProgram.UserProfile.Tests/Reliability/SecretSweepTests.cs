using System.Text;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.Server;
using WeChatMiniProgram.UserProfile.Tests.Server.Decrypt;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;
using Xunit.Abstractions;

namespace WeChatMiniProgram.UserProfile.Tests.Reliability;

/// <summary>
/// Runs the scenarios of the other tests and sweeps every exception message, every public object's ToString()
/// and every trace and metric for the session keys and the decrypted plaintext. There must be 0 hits.
/// </summary>
[Collection(TelemetryTests.Name)]
public sealed class SecretSweepTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Secrets_NeverAppearInMessagesToStringOrTelemetry()
    {
        using var telemetry = new TelemetryCapture();
        var texts = new List<string>();
        var objects = new List<object>();
        var key = TestClient.NewSessionKey();
        var wrongLengthKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("0123456789abcdef0123"));
        var plaintextOfficial = "oGZUI0egBJY1zhBYw2KhdUfwVJJE"; // the openId inside WeChat's example ciphertext
        var unionOfficial = "ocMvos6NjeKLIBqg5Mr9QjxrP1FA";
        var phone = "13812345678";

        // Client scenarios: success, deny, bad keys, host faults, cancellation, timeout.
        var time = new TestClock(); // one clock for both halves: the verifier's MaxDataAge judges the client's watermark
        var options = TestClient.Options(o => o.EnableCloud = true);
        var prompt = new InMemoryConsentPromptProvider();
        var keys = new InMemorySessionKeyProvider(key);
        var client = new UserProfileClient(options, prompt, InMemoryUserProfileSource.Demo, keys);
        var result = await client.GetUserProfileAsync(new Option { Desc = "ok" });
        objects.AddRange([new Option { Desc = "ok" }, options, prompt, keys, client, result, result.UserInfo, prompt.Requests.Single(), new CallbackResult(ErrMsgs.AuthDeny), InMemoryUserProfileSource.Demo,
            new InMemoryPrivacyAuthorizationProvider(), new PrivacyAuthorizationRequest(TestClient.AppId, "app", "getUserProfile")]);
        using (var scope = UserGesture.Begin())
        {
            objects.Add(scope);
        }

        await Capture(texts, objects, () => TestClient.Create(new InMemoryConsentPromptProvider(ConsentDecision.Deny), sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" }));
        await Capture(texts, objects, () => TestClient.Create(sessionKey: wrongLengthKey).GetUserProfileAsync(new Option { Desc = "ok" }));
        await Capture(texts, objects, () => TestClient.Create(sessionKey: key + " ").GetUserProfileAsync(new Option { Desc = "ok" }));
        await Capture(texts, objects, () => new UserProfileClient(TestClient.Options(), new InMemoryConsentPromptProvider(), new ThrowingSource(key), keys).GetUserProfileAsync(new Option { Desc = "ok" }));
        await Capture(texts, objects, () => TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = "ok" }, new CancellationToken(true)));
        await Capture(texts, objects, () => TestClient.Create(sessionKey: key).GetUserProfileAsync(new Option { Desc = new string('x', 31) }));
        await Capture(texts, objects, () => Task.FromResult(new UserProfileClient(new UserProfileClientOptions(), prompt, InMemoryUserProfileSource.Demo, keys)));

        // Server scenarios: success, every error code, every model.
        var verifierOptions = new OpenDataOptions { AppId = TestClient.AppId, MaxDataAge = TimeSpan.FromDays(1) };
        var verifier = new UserProfileVerifier(verifierOptions, time);
        var decryptor = new OpenDataDecryptor(verifierOptions, time);
        var official = new UserProfileVerifier(new OpenDataOptions { AppId = OfficialExamples.AppId });
        var officialDecryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = OfficialExamples.AppId });
        var verified = verifier.VerifyAndDecrypt(result, key);
        var officialProfile = officialDecryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey);
        var phoneKey = TestClient.NewSessionKey();
        var phoneInfo = officialDecryptor.DecryptPhoneNumber(
            OpenDataDecryptorTests.Encrypt($"{{\"phoneNumber\":\"{phone}\",\"purePhoneNumber\":\"{phone}\",\"countryCode\":\"86\",\"watermark\":{{\"appid\":\"{OfficialExamples.AppId}\",\"timestamp\":1}}}}", phoneKey),
            OpenDataDecryptorTests.Iv,
            phoneKey);
        objects.AddRange([verifierOptions, verifier, decryptor, new SessionStoreUnavailableException(), verified, verified.Watermark, officialProfile, phoneInfo, new OpenDataException(OpenDataError.None)]);
        foreach (var attempt in new Action[]
        {
            () => verifier.VerifyAndDecrypt(result, TestClient.NewSessionKey()),
            () => verifier.VerifyAndDecrypt(result.RawData, result.Signature, result.EncryptedData, result.Iv, wrongLengthKey),
            () => decryptor.DecryptUserProfile(result.EncryptedData, result.Iv, TestClient.NewSessionKey()),
            () => decryptor.DecryptUserProfile(result.EncryptedData, "AAAA", key),
            () => decryptor.DecryptUserProfile("@@", result.Iv, key),
            () => decryptor.DecryptUserProfile("AAAA", result.Iv, key),
            () => officialDecryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, key),
            () => decryptor.DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey),
            () => new OpenDataDecryptor(new OpenDataOptions { AppId = OfficialExamples.AppId, MaxDataAge = TimeSpan.FromSeconds(1) })
                .DecryptUserProfile(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey),
            () => officialDecryptor.Decrypt(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey, FuzzJsonContext.Default.ProfileModel),
            () => officialDecryptor.DecryptPhoneNumber(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey),
        })
        {
            await Capture(texts, objects, () => Task.Run(attempt));
        }

        // Login scenarios: code2Session success and failures, the access token, checkSessionKey.
        const string appSecret = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
        const string accessToken = "ACCESS_TOKEN_84c1e0ab9f";
        var loginKey = TestClient.NewSessionKey();
        var replacingKey = TestClient.NewSessionKey();
        using var api = new ScriptedWeChatApi()
            .On("/sns/jscode2session", r => ScriptedWeChatApi.Query(r, "js_code") switch
            {
                "good" => $"{{\"openid\":\"oSweep\",\"session_key\":\"{loginKey}\"}}",
                "again" => $"{{\"openid\":\"oSweep\",\"session_key\":\"{replacingKey}\",\"unionid\":\"uSweep\"}}",
                "busy" => "{\"errcode\":-1,\"errmsg\":\"system error\"}",
                "junk" => $"<html>{appSecret}</html>",
                _ => "{\"errcode\":40029,\"errmsg\":\"invalid code\"}",
            })
            .On("/cgi-bin/stable_token", $"{{\"access_token\":\"{accessToken}\",\"expires_in\":7200}}")
            .On("/wxa/checksession", "{\"errcode\":45011,\"errmsg\":\"limit\"}");
        var apiOptions = new WeChatApiOptions { AppId = TestClient.AppId, AppSecret = appSecret, ApiBaseAddress = new Uri("https://api.example.test"), BusyRetryDelay = TimeSpan.Zero };
        var tokens = new WeChatAccessTokenProvider(api.Client(), apiOptions);
        var login = new WeChatLoginClient(api.Client(), apiOptions, tokens);
        objects.AddRange([apiOptions, tokens, login]);
        foreach (var code in new[] { "good", "busy", "junk", "bad" })
        {
            await Capture(texts, objects, () => login.Code2SessionAsync(code));
        }

        await Capture(texts, objects, () => login.CheckSessionKeyAsync("oSweep", loginKey));
        await Capture(texts, objects, () => Task.Run(() => new WeChatLoginClient(api.Client(), new WeChatApiOptions { AppId = TestClient.AppId, AppSecret = appSecret, MaxBusyRetries = 99 })));
        objects.Add(new WeChatApiException());

        // The server facade: a login, a result, a newer login (SessionKeyReplaced), and a user without a session.
        var storeOptions = new WeChatSessionStoreOptions();
        var store = new InMemoryWeChatSessionStore(storeOptions);
        var server = new UserProfileServer(login, store, verifier);
        objects.AddRange([storeOptions, store, server]);
        await Capture(texts, objects, () => server.LoginAsync("good"));
        var loginResult = await TestClient.Create(sessionKey: loginKey).GetUserProfileAsync(new Option { Desc = "ok" });
        await Capture(texts, objects, () => server.VerifyProfileAsync("oSweep", loginResult));
        await Capture(texts, objects, () => server.LoginAsync("again"));
        await Capture(texts, objects, () => server.VerifyProfileAsync("oSweep", loginResult));
        await Capture(texts, objects, () => server.VerifyProfileAsync("oNobody", loginResult));
        await Capture(texts, objects, () => server.LoginAsync("bad"));
        await Capture(texts, objects, () => store.GetAsync(TestClient.AppId, "oSweep"));

        // Content security and message push: a verdict quoting a keyword, errcodes, and pushes written, read and refused.
        const string userText = "用户写的昵称-sweep-Zq7";
        const string pushToken = "sweepPushToken9";
        const string pushKey = "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ";
        const string pushSecretField = "pushed-plaintext-Wk3";
        api.On("/wxa/msg_sec_check", r => api.Count("/wxa/msg_sec_check") == 1
                ? "{\"errcode\":0,\"result\":{\"suggest\":\"risky\",\"label\":20003},\"detail\":[{\"strategy\":\"keyword\",\"errcode\":0,\"suggest\":\"risky\",\"label\":20003,\"keyword\":\"" + userText + "\"}],\"trace_id\":\"t\"}"
                : "{\"errcode\":61010,\"errmsg\":\"user is not accessed recently\"}")
            .On("/wxa/media_check_async", "{\"errcode\":0,\"trace_id\":\"t-media\"}");
        var content = new WeChatContentSecurityClient(api.Client(), apiOptions, tokens);
        objects.Add(content);

        // A kept profile is personal data: no nickname, region or avatar URL in any ToString.
        var keptAt = DateTimeOffset.UnixEpoch;
        var keptProfile = new WeChatProfile(TestClient.AppId, "oSweep")
        {
            NickName = new KeptNickName(userText, ProfileFieldSource.FilledIn, keptAt, ProfileReviewState.Pass, 100),
            Avatar = new KeptAvatar(null, "https://example.test/" + userText, ProfileFieldSource.GetUserProfile, keptAt, ProfileReviewState.Pass, 100),
            Details = new KeptDetails(Gender.Female, userText, userText, userText, "zh_CN", keptAt),
        };
        objects.AddRange([keptProfile, keptProfile.NickName, keptProfile.Avatar, keptProfile.Details, new InMemoryWeChatProfileStore(), new InMemoryWeChatAvatarStore(),
            new KeptAvatarImage("id", TestClient.AppId, "oSweep", "image/jpeg", System.Text.Encoding.UTF8.GetBytes(userText)), new MediaCheckTicket("t", TestClient.AppId, "oSweep", "id")]);
        await Capture(texts, objects, async () => { var v = await content.CheckTextAsync("oSweep", userText, ContentScene.Profile); objects.Add(v.Details[0]); return v; });
        await Capture(texts, objects, () => content.CheckTextAsync("oSweep", userText, ContentScene.Profile));
        await Capture(texts, objects, () => content.CheckTextAsync("oSweep", userText + new string('x', 2500), ContentScene.Profile));
        await Capture(texts, objects, () => content.StartMediaCheckAsync("oSweep", new Uri("https://example.test/a.png"), ContentMediaType.Image, ContentScene.Profile));
        var pushOptions = new WeChatPushOptions { AppId = TestClient.AppId, Token = pushToken, EncodingAesKey = pushKey };
        var pushMessage = "{\"ToUserName\":\"gh_1\",\"MsgType\":\"event\",\"Event\":\"wxa_media_check\",\"appid\":\"" + TestClient.AppId + "\",\"trace_id\":\"t-media\",\"note\":\"" + pushSecretField
            + "\",\"detail\":[{\"strategy\":\"keyword\",\"errcode\":0,\"suggest\":\"risky\",\"label\":20002,\"keyword\":\"" + userText + "\"}],\"errcode\":0,\"result\":{\"suggest\":\"risky\",\"label\":20002}}";
        var writer = new WeChatPushWriter(pushOptions, time);
        var push = writer.Write(pushMessage);
        var receiver = new WeChatPushReceiver(pushOptions, time);
        var received = receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body));
        objects.AddRange([pushOptions, writer, push, push.Query, receiver, received, received.MediaCheck!]);
        foreach (var refused in new Action[]
        {
            () => receiver.Receive(push.Query, Encoding.UTF8.GetBytes(push.Body)),
            () => receiver.Receive(push.Query with { MsgSignature = "00" }, Encoding.UTF8.GetBytes(push.Body)),
            () => new WeChatPushReceiver(new WeChatPushOptions { AppId = TestClient.AppId, Token = pushToken, EncodingAesKey = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut" }, time)
                .Receive(push.Query, Encoding.UTF8.GetBytes(push.Body)),
            () => receiver.Receive(push.Query, Encoding.UTF8.GetBytes("<!DOCTYPE x [<!ENTITY a \"" + pushToken + "\">]><xml>&a;</xml>")),
            () => _ = new WeChatPushReceiver(new WeChatPushOptions { Token = pushToken, EncodingAesKey = pushKey[..40] }),
            () => receiver.VerifyUrl(push.Query, pushToken),
        })
        {
            await Capture(texts, objects, () => Task.Run(refused));
        }

        texts.AddRange(objects.Select(o => o.ToString() ?? string.Empty));
        texts.AddRange(telemetry.AllText());

        var plaintexts = new[]
        {
            OpenDataCrypto.Decrypt(result.EncryptedData, result.Iv, key),
            OpenDataCrypto.Decrypt(loginResult.EncryptedData, loginResult.Iv, loginKey),
            OpenDataCrypto.Decrypt(OfficialExamples.EncryptedData, OfficialExamples.Iv, OfficialExamples.SessionKey),
            plaintextOfficial,
            unionOfficial,
            phone,
            userText,
            pushSecretField,
        };
        var secrets = new[] { key, wrongLengthKey, OfficialExamples.SessionKey, phoneKey, Convert.ToHexString(Convert.FromBase64String(key)), appSecret, accessToken, loginKey, replacingKey, pushToken, pushKey }
            .Concat(plaintexts).ToArray();
        var hits = texts.SelectMany(text => secrets.Where(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)).Select(s => $"{s[..4]}… in: {text[..Math.Min(120, text.Length)]}")).ToList();

        output.WriteLine($"swept {texts.Count} texts ({objects.Count} objects, {telemetry.Activities.Count} spans, {telemetry.Measurements.Count} measurements) for {secrets.Length} secrets: {hits.Count} hits");
        hits.Should().BeEmpty();

        // Every instantiable public type must have been swept, so a new one cannot slip past.
        var publicTypes = typeof(UserProfileClient).Assembly.GetExportedTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && !t.IsSubclassOf(typeof(Delegate)));
        publicTypes.Except(objects.Select(o => o.GetType())).Should().BeEmpty();
    }

    private static async Task Capture<T>(List<string> texts, List<object> objects, Func<Task<T>> action)
    {
        try
        {
            var value = await action();
            if (value is not null)
            {
                objects.Add(value);
            }
        }
        catch (Exception ex)
        {
            objects.Add(ex);
            for (Exception? e = ex; e is not null; e = e.InnerException)
            {
                texts.Add(e.Message);
                texts.Add(e.ToString());
            }
        }
    }

    private static Task Capture(List<string> texts, List<object> objects, Func<Task> action)
        => Capture(texts, objects, async () => { await action(); return (object?)null; });

    private sealed class ThrowingSource(string key) : IUserProfileSource
    {
        // A host whose own exception is careless is the host's business; the SDK must not add secrets of its own.
        public ValueTask<UserInfo> GetUserInfoAsync(Language lang, CancellationToken cancellationToken)
            => throw new InvalidOperationException("profile store offline (key length " + key.Length + ")");
    }
}
