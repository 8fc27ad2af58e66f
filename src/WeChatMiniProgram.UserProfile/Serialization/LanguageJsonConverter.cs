using System.Text.Json;
using System.Text.Json.Serialization;

namespace WeChatMiniProgram.UserProfile.Serialization;

/// <summary>Writes <see cref="Language"/> as its wire name and reads it back, strictly.</summary>
internal sealed class LanguageJsonConverter : JsonConverter<Language>
{
    public override Language Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && LanguageExtensions.TryParseWireName(reader.GetString(), out var language))
        {
            return language;
        }

        throw new JsonException("lang must be \"en\", \"zh_CN\" or \"zh_TW\".");
    }

    public override void Write(Utf8JsonWriter writer, Language value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToWireName());
}
