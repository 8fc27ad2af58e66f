using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using WeChatMiniProgram.UserProfile.Tests.TestDoubles;

namespace WeChatMiniProgram.UserProfile.Tests.PublicApi;

/// <summary>
/// Renders the library's public API through reflection and compares it with src/WeChatMiniProgram.UserProfile/PublicAPI.txt, so every
/// change to the surface shows up as a diff in review. Run with USERPROFILE_UPDATE_PUBLIC_API=1 to accept a change.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheCheckedInSnapshot()
    {
        var actual = Render(typeof(UserProfileClient).Assembly);
        var path = Path.Combine(RepoPaths.Source, "PublicAPI.txt");
        if (Environment.GetEnvironmentVariable("USERPROFILE_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : string.Empty;
        var added = actual.Split('\n').Except(expected.Split('\n')).ToList();
        var removed = expected.Split('\n').Except(actual.Split('\n')).ToList();

        added.Should().BeEmpty("these lines are new in the public API; review them and run with USERPROFILE_UPDATE_PUBLIC_API=1");
        removed.Should().BeEmpty("these lines were removed from the public API, a breaking change");
    }

    [Fact]
    public void PublicApi_RendersEveryExportedType()
    {
        var rendered = Render(typeof(UserProfileClient).Assembly);

        foreach (var type in typeof(UserProfileClient).Assembly.GetExportedTypes())
        {
            rendered.Should().Contain(Name(type));
        }
    }

    internal static string Render(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add(TypeLine(type));
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMembers(Flags).Where(IsVisible).Select(m => $"  {Member(type, m)}").Where(l => l.Trim().Length > 0);
            lines.AddRange(members.OrderBy(l => l, StringComparer.Ordinal));
        }

        return string.Join("\n", lines) + "\n";
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !(m.IsSpecialName && m is MethodInfo) && m.GetCustomAttribute<CompilerGeneratedAttribute>() is null,
        PropertyInfo p => (p.GetMethod ?? p.SetMethod) is { IsPublic: true } or { IsFamily: true },
        FieldInfo f => (f.IsPublic || f.IsFamily) && !f.IsSpecialName,
        EventInfo e => e.AddMethod is { IsPublic: true },
        _ => false,
    };

    private static string TypeLine(Type type)
    {
        var kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct"
            : type is { IsAbstract: true, IsSealed: true } ? "static class" : type.IsSealed ? "sealed class" : type.IsAbstract ? "abstract class" : "class";
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            bases.Add(Name(b));
        }

        bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}" + (bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty);
    }

    private static string Member(Type owner, MemberInfo member) => member switch
    {
        ConstructorInfo c => $"ctor({Parameters(c)})",
        MethodInfo m => $"{(m.IsStatic ? "static " : string.Empty)}{(m.IsVirtual && !m.IsFinal && !owner.IsInterface ? "virtual " : string.Empty)}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
        PropertyInfo p => $"{Name(p.PropertyType)} {p.Name} {{ {Accessors(p)}}}",
        FieldInfo f when owner.IsEnum => $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}",
        FieldInfo f => $"{(f.IsLiteral ? "const " : f.IsStatic ? "static readonly " : string.Empty)}{Name(f.FieldType)} {f.Name}{(f.IsLiteral ? " = " + Literal(f.GetRawConstantValue()) : string.Empty)}",
        EventInfo e => $"event {Name(e.EventHandlerType!)} {e.Name}",
        _ => string.Empty,
    };

    private static string Accessors(PropertyInfo property)
    {
        var text = new StringBuilder();
        if (property.GetMethod is { IsPublic: true })
        {
            text.Append("get; ");
        }

        if (property.SetMethod is { IsPublic: true } setter)
        {
            var init = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
            text.Append(init ? "init; " : "set; ");
        }

        return text.ToString();
    }

    private static string Generic(MethodInfo method)
        => method.IsGenericMethod ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)
        + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name
        + (p.HasDefaultValue ? " = " + Literal(p.DefaultValue) : string.Empty)));

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "?",
    };

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        var name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : type.Namespace + "." + type.Name;
        if (type.IsGenericType)
        {
            name = name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }
}
