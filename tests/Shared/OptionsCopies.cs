using System.Reflection;
using FluentAssertions;

namespace WeChatMiniProgram.UserProfile.Tests;

/// <summary>
/// Proves an options type's one copy method copies every property: each settable property gets a value that differs
/// from its default, and the copy must carry all of them. A property added later without its line in the copy fails here.
/// </summary>
public static class OptionsCopies
{
    public static void AssertCopiesEveryProperty<T>(Func<T, T> copy)
        where T : new()
    {
        var original = new T();
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        properties.Should().NotBeEmpty();
        foreach (var property in properties)
        {
            property.SetValue(original, OtherThanDefault(property, property.GetValue(original)));
        }

        var copied = copy(original);

        copied.Should().NotBeSameAs(original);
        foreach (var property in properties)
        {
            property.GetValue(copied).Should().BeEquivalentTo(property.GetValue(original), $"{typeof(T).Name}.{property.Name} must be copied");
            property.GetValue(copied).Should().NotBeEquivalentTo(property.GetValue(new T()), $"the test gave {typeof(T).Name}.{property.Name} a value of its own");
        }
    }

    private static object OtherThanDefault(PropertyInfo property, object? current)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            _ when type == typeof(string) => "copied-" + property.Name,
            _ when type == typeof(bool) => !(current as bool? ?? false),
            _ when type == typeof(int) => (int)(current ?? 0) + 7,
            _ when type == typeof(TimeSpan) => (current as TimeSpan? ?? TimeSpan.Zero) + TimeSpan.FromSeconds(13),
            _ when type == typeof(Uri) => new Uri("https://copied.example.test/" + property.Name),
            _ when type == typeof(Version) => new Version(9, 8, 7),
            _ when type.IsEnum => Enum.GetValues(type).Cast<object>().First(value => !value.Equals(current)),
            _ when type == typeof(ICollection<string>) => new List<string> { "copied", property.Name },
            _ => throw new NotSupportedException($"Give {type.Name} ({property.Name}) a value in OptionsCopies."),
        };
    }
}
