using System.CommandLine;
using System.Text.Json;
using WeChatMiniProgram.UserProfile.Server;

namespace WeChatMiniProgram.UserProfile.Tool.Commands;

/// <summary><c>userprofile check</c>: runs VerifyAndDecrypt on a whole getUserProfile result, as simulate and the emulator print it.</summary>
internal static class CheckCommand
{
    public const string Usage = "userprofile check --session-key K [--app-id A] [--input FILE|-]";

    public static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var sessionKey = new Option<string>("--session-key") { Description = "The session_key of the login the result belongs to.", Required = true };
        var appId = new Option<string?>("--app-id") { Description = "The AppId the watermark must carry; without it, the watermark's own appid is reported, not checked." };
        var file = new Option<string>("--input") { Description = "The result JSON: a file, or - for standard input.", DefaultValueFactory = _ => "-" };
        var command = new Command("check", "Verify and decrypt a getUserProfile result JSON (signature, decryption, watermark, rawData); prints the verified profile.")
        {
            sessionKey, appId, file,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(appId) is { } expected && AppIdArgument.Problem(expected) is { } problem)
            {
                await error.WriteLineAsync($"{problem}\nusage: {Usage}");
                return 2;
            }

            SuccessFields? fields;
            try
            {
                var path = parse.GetValue(file)!;
                var json = path == "-" ? await input.ReadToEndAsync(cancellationToken) : await File.ReadAllTextAsync(path, cancellationToken);
                fields = Read(json);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"--input: {ex.Message}\nusage: {Usage}");
                return 2;
            }

            if (fields is null)
            {
                await error.WriteLineAsync("The input is not a getUserProfile result: it needs the string fields rawData, signature, encryptedData and iv.\nusage: " + Usage);
                return 2;
            }

            var key = parse.GetValue(sessionKey)!;
            var watermarkAppId = parse.GetValue(appId) ?? WatermarkAppId(fields, key);
            if (watermarkAppId is null || AppIdArgument.Problem(watermarkAppId) is not null)
            {
                // Not decryptable, or issued to something that is not an AppId: let the verifier say exactly why.
                watermarkAppId = ServeCommand.DemoAppId;
            }

            var verifier = new UserProfileVerifier(new OpenDataOptions { AppId = watermarkAppId });
            if (!verifier.TryVerifyAndDecrypt(fields.RawData, fields.Signature, fields.EncryptedData, fields.Iv, key, out var profile, out var failure))
            {
                var hint = failure == OpenDataError.AppIdMismatch ? $" The watermark is not for --app-id {watermarkAppId}." : string.Empty;
                await error.WriteLineAsync($"error {failure.ToErrorCode()}: {failure.GetReason()}{hint}");
                return 1;
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(new VerifiedProfile(profile.UserInfo, profile.Watermark.AppId, profile.Watermark.Timestamp), ToolJson.For<VerifiedProfile>()));
            return 0;
        });
        return command;
    }

    private static SuccessFields? Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return Field("rawData") is { } raw && Field("signature") is { } signature && Field("encryptedData") is { } data && Field("iv") is { } iv
                ? new SuccessFields(raw, signature, data, iv)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Without --app-id, whose app the data says it is for: the watermark, read by decrypting once without checks.
    /// The verification that follows decrypts again under the rules of that AppId; only this convenience costs two.
    /// </summary>
    private static string? WatermarkAppId(SuccessFields fields, string sessionKey)
        => OpenDataDecryptor.Inspect(fields.EncryptedData, fields.Iv, sessionKey, out _, out var watermark) == OpenDataError.None ? watermark!.AppId : null;

    private sealed record SuccessFields(string RawData, string Signature, string EncryptedData, string Iv);
}

/// <summary>What <c>check</c> prints: the verified userInfo and where its watermark says it came from.</summary>
internal sealed record VerifiedProfile(
    [property: System.Text.Json.Serialization.JsonPropertyName("userInfo")] UserInfo UserInfo,
    [property: System.Text.Json.Serialization.JsonPropertyName("appid")] string AppId,
    [property: System.Text.Json.Serialization.JsonPropertyName("timestamp")] long Timestamp);
