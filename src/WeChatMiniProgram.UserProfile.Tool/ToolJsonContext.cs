using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Tool;

[JsonSourceGenerationOptions(WriteIndented = true, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(SuccessCallbackResult))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(WeChatMiniProgram.UserProfile.Tool.Commands.VerifiedProfile))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
