using System.Diagnostics;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;
using WeChatMiniProgram.UserProfile.Tests.Shared;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.Server.Interop;

/// <summary>Proves the SDK and node:crypto agree in both directions, byte for byte.</summary>
public sealed class NodeInteropTests
{
    private static readonly UserInfo Profile = new()
    {
        NickName = "小明😀 \"Q\" \\ </script>",
        Gender = Gender.Male,
        Language = "zh_TW",
        City = "臺北",
        Province = "臺灣",
        Country = "中國",
        AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/" + new string('x', 120) + "/132",
    };

    [Fact]
    public async Task Node_VerifiesAndDecryptsWhatTheSdkSignedAndEncrypted()
    {
        var key = TestClient.NewSessionKey();
        var time = new TestClock();
        var result = await TestClient.Create(profiles: new InMemoryUserProfileSource(Profile), sessionKey: key, time: time)
            .GetUserProfileAsync(new Option { Desc = "interop" });

        using var answer = await RunNodeAsync("verify-decrypt", new Dictionary<string, string>
        {
            ["rawData"] = result.RawData,
            ["signature"] = result.Signature,
            ["encryptedData"] = result.EncryptedData,
            ["iv"] = result.Iv,
            ["sessionKey"] = key,
        });

        answer.RootElement.GetProperty("signatureOk").GetBoolean().Should().BeTrue();
        var plaintext = answer.RootElement.GetProperty("plaintext").GetString()!;
        plaintext.Should().Be(result.RawData[..^1] + $",\"watermark\":{{\"timestamp\":{time.GetUtcNow().ToUnixTimeSeconds()},\"appid\":\"{TestClient.AppId}\"}}}}");
        JsonSerializer.Deserialize<UserInfo>(plaintext).Should().Be(Profile);
    }

    [Fact]
    public async Task Sdk_VerifiesAndDecryptsWhatNodeSignedAndEncrypted()
    {
        var key = TestClient.NewSessionKey();
        var rawData = "{\"nickName\":\"小明😀 \\\"Q\\\" \\\\ </script>\",\"gender\":1,\"language\":\"zh_TW\",\"city\":\"臺北\",\"province\":\"臺灣\",\"country\":\"中國\",\"avatarUrl\":\"" + Profile.AvatarUrl + "\"}";
        var plaintext = "{\"openId\":\"oNode\"," + rawData[1..^1] + ",\"unionId\":\"uNode\",\"watermark\":{\"timestamp\":1763700000,\"appid\":\"" + TestClient.AppId + "\"}}";

        using var answer = await RunNodeAsync("encrypt", new Dictionary<string, string> { ["plaintext"] = plaintext, ["rawData"] = rawData, ["sessionKey"] = key });
        var encryptedData = answer.RootElement.GetProperty("encryptedData").GetString()!;
        var iv = answer.RootElement.GetProperty("iv").GetString()!;
        var signature = answer.RootElement.GetProperty("signature").GetString()!;

        var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = TestClient.AppId });

        var decryptor = new OpenDataDecryptor(new OpenDataOptions { AppId = TestClient.AppId });
        var profile = verifier.VerifyAndDecrypt(rawData, signature, encryptedData, iv, key);

        profile.UserInfo.Should().Be(Profile);
        profile.OpenId.Should().BeNull("the signature does not cover openId: VerifyAndDecrypt never hands it out as trusted");
        profile.UnionId.Should().BeNull();
        profile.Watermark.Timestamp.Should().Be(1763700000);

        var raw = decryptor.DecryptUserProfile(encryptedData, iv, key);
        raw.OpenId.Should().Be("oNode");
        raw.UnionId.Should().Be("uNode");
    }

    [Fact]
    public async Task RawData_IsByteForByteWhatJsonStringifyWrites()
    {
        var tricky = new UserInfo
        {
            NickName = "a\u0001b\u001fc\td\"e\\f/g</script>&+😀\uD800x\uDC00y",
            Gender = Gender.Female,
            Language = "zh_CN",
            City = "\u2028\u2029\u007f\u00e9",
            Province = "\b\f\n\r",
            Country = string.Empty,
            AvatarUrl = "https://thirdwx.qlogo.cn/mmopen/vi_32/a+b=/132?x=1&y=<2>",
        };
        var result = await TestClient.Create(profiles: new InMemoryUserProfileSource(tricky)).GetUserProfileAsync(new Option { Desc = "stringify" });

        // Every character goes as a \\uXXXX escape, so lone surrogates reach Node intact (a JSON serializer would replace them).
        static string Escaped(string value) => "\"" + string.Concat(value.Select(c => $"\\u{(int)c:x4}")) + "\"";
        var userInfo = $"{{\"nickName\":{Escaped(tricky.NickName)},\"gender\":2,\"language\":{Escaped(tricky.Language)},\"city\":{Escaped(tricky.City)},"
            + $"\"province\":{Escaped(tricky.Province)},\"country\":{Escaped(tricky.Country)},\"avatarUrl\":{Escaped(tricky.AvatarUrl)}}}";
        using var answer = await RunNodeRawAsync("stringify", $"{{\"userInfo\":{userInfo}}}");

        result.RawData.Should().Be(answer.RootElement.GetProperty("rawData").GetString());
    }

    private static Task<JsonDocument> RunNodeAsync<T>(string command, Dictionary<string, T> request)
        => RunNodeRawAsync(command, JsonSerializer.Serialize(request));

    [Fact]
    public void NodeMissing_FailsWithOneMessageSayingWhatToInstall()
    {
        var act = () => NodeJs.Start(new ProcessStartInfo { ArgumentList = { "--version" } }, executable: "node-that-is-not-installed");

        act.Should().Throw<InvalidOperationException>().WithMessage("The interop tests need Node.js 20*Install it*apt-get install nodejs*");
    }

    private static async Task<JsonDocument> RunNodeRawAsync(string command, string requestJson)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Server", "Interop", "wechat-open-data.mjs");
        var start = new ProcessStartInfo("node", [script, command])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        using var node = NodeJs.Start(start);
        await node.StandardInput.WriteAsync(requestJson);
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        node.ExitCode.Should().Be(0, error);
        return JsonDocument.Parse(output);
    }
}
