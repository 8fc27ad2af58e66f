using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Emulator;

/// <summary>Source-generated JSON for the emulator's own output: the call log and the push log.</summary>
[JsonSerializable(typeof(IReadOnlyList<EmulatorCall>))]
[JsonSerializable(typeof(List<EmulatorPush>))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext;
