using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>Source-generated JSON for what the emulator reads and writes with the SDK's own types.</summary>
[JsonSourceGenerationOptions(RespectNullableAnnotations = true)]
[JsonSerializable(typeof(SuccessCallbackResult))]
[JsonSerializable(typeof(UserInfo))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
}
