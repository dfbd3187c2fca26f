using PgQ.Events;

namespace PgQ.Tests.Events;

/// <summary>Randomly damaged events: the decoder either decodes them or throws <see cref="EventFormatException"/>, nothing else.</summary>
public sealed class MangledEventTests
{
    private static readonly (string Type, string Data, string? Extra2)[] Samples =
    [
        ("I:id,Key 2", "id=1&Key+2=k+K&t=a%26b%3dc%25d%2be+f%0ag%27h%22i%5cj+%c3%bc+%f0%9f%98%80%7e&b=%5cx00ff01&n&e=", null),
        ("U:id", "id=1&t=new", "id=1&t=%c3%bc"),
        ("""{"op":"UPDATE","table":["Odd Schema","Mixed Case"],"pkey":["id","Key 2"]}""",
            """{"id":1,"Key 2":"k","t":"a&b\n\"\\ ü 😀","n":null,"j":{"x":[1,null]},"i8":9223372036854775807,"bo":true}""",
            """{"id":1,"Key 2":"k","t":"old"}"""),
        ("I", "(id,\"Key 2\",t,b) values ('1','k K',E'a&b\n''h\"i\\\\j ü 😀 \\x41',null)", null),
        ("U", "t=NULL,bo='f' where id='1' and \"Key 2\"='k K'", "id=1&Key+2=k+K"),
        ("D", "id='2' and \"Key 2\"=E'\\u00fc'''", null),
    ];

    private const string Alphabet = "%&=+\\'\"{}[](),:. \nabcxE0f9-ü😀\u0000";

    [Fact]
    public void Damaged_events_decode_or_throw_event_format_exception_only()
    {
        var random = new Random(20261124);
        for (var iteration = 0; iteration < 30_000; iteration++)
        {
            var (type, data, extra2) = Samples[random.Next(Samples.Length)];
            var target = random.Next(3);
            var ev = TestEvents.Make(
                target == 0 ? Mangle(type, random) : type,
                target == 1 ? Mangle(data, random) : data,
                "Odd Schema.Mixed Case",
                target == 2 && extra2 is not null ? Mangle(extra2, random) : extra2,
                id: iteration);
            try
            {
                RowChangeDecoder.Decode(ev);
            }
            catch (EventFormatException error)
            {
                Assert.StartsWith($"Event {iteration} (table Odd Schema.Mixed Case): ", error.Message, StringComparison.Ordinal);
            }
            catch (Exception other)
            {
                Assert.Fail($"type [{ev.Type}] data [{ev.Data}] extra2 [{ev.Extra2}] threw {other}");
            }
        }
    }

    private static string Mangle(string text, Random random)
    {
        var chars = new List<char>(text);
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var at = chars.Count == 0 ? 0 : random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0 when chars.Count > 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2 when chars.Count > 0:
                    chars[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    chars.RemoveRange(at, random.Next(chars.Count - at + 1));
                    break;
            }
        }

        return new string([.. chars]);
    }
}
