using System.Diagnostics;
using System.Text.Json;
using UserProfile.Server;
using UserProfile.Tests.TestDoubles;

namespace UserProfile.Tests.Server.Interop;

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
        var time = new FakeTimeProvider();
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

        var verifier = new UserProfileVerifier(new UserProfileVerifierOptions { AppId = TestClient.AppId });
        var profile = verifier.VerifyAndDecrypt(rawData, signature, encryptedData, iv, key);

        profile.UserInfo.Should().Be(Profile);
        profile.OpenId.Should().Be("oNode");
        profile.UnionId.Should().Be("uNode");
        profile.Watermark.Timestamp.Should().Be(1763700000);
    }

    private static async Task<JsonDocument> RunNodeAsync(string command, Dictionary<string, string> request)
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
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(request));
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var error = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();

        node.ExitCode.Should().Be(0, error);
        return JsonDocument.Parse(output);
    }
}
