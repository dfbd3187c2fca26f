using System.Buffers.Binary;

namespace Londiste.Copy;

/// <summary>
/// Counts the rows of a PostgreSQL binary COPY stream as it passes through in arbitrary chunks (header: 11-byte
/// signature, flags, extension length and data; each row: int16 field count, then per field an int32 length, -1
/// for NULL, and the data; trailer: field count -1). Lets a raw pass-through copy report rows without decoding values.
/// </summary>
internal sealed class BinaryCopyRowCounter
{
    private const int SignatureLength = 11;
    private readonly byte[] _pending = new byte[4];
    private int _pendingCount;
    private Stage _stage = Stage.Signature;
    private long _skip = SignatureLength;
    private int _fieldsLeft;

    private enum Stage { Signature, Flags, ExtensionLength, Extension, FieldCount, FieldLength, FieldData, Done }

    public long Rows { get; private set; }

    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty && _stage != Stage.Done)
        {
            switch (_stage)
            {
                case Stage.Signature:
                case Stage.Extension:
                case Stage.FieldData:
                    var take = (int)Math.Min(_skip, data.Length);
                    data = data[take..];
                    _skip -= take;
                    if (_skip == 0)
                    {
                        _stage = _stage switch
                        {
                            Stage.Signature => Stage.Flags,
                            Stage.Extension => Stage.FieldCount,
                            _ => NextField(),
                        };
                    }
                    break;
                case Stage.Flags:
                    if (TryInt(ref data, 4, out _))
                    {
                        _stage = Stage.ExtensionLength;
                    }
                    break;
                case Stage.ExtensionLength:
                    if (TryInt(ref data, 4, out var extension))
                    {
                        _skip = extension;
                        _stage = extension > 0 ? Stage.Extension : Stage.FieldCount;
                    }
                    break;
                case Stage.FieldCount:
                    if (TryInt(ref data, 2, out var fields))
                    {
                        if (fields < 0)
                        {
                            _stage = Stage.Done;
                            break;
                        }
                        Rows++;
                        _fieldsLeft = fields;
                        _stage = NextFieldStart();
                    }
                    break;
                case Stage.FieldLength:
                    if (TryInt(ref data, 4, out var length))
                    {
                        if (length > 0)
                        {
                            _skip = length;
                            _stage = Stage.FieldData;
                        }
                        else
                        {
                            _stage = NextField();
                        }
                    }
                    break;
            }
        }
    }

    private Stage NextField()
    {
        _fieldsLeft--;
        return NextFieldStart();
    }

    private Stage NextFieldStart() => _fieldsLeft > 0 ? Stage.FieldLength : Stage.FieldCount;

    // Big-endian integer of `size` bytes that may be split across chunks.
    private bool TryInt(ref ReadOnlySpan<byte> data, int size, out int value)
    {
        var take = Math.Min(size - _pendingCount, data.Length);
        data[..take].CopyTo(_pending.AsSpan(_pendingCount));
        data = data[take..];
        _pendingCount += take;
        value = 0;
        if (_pendingCount < size)
        {
            return false;
        }
        _pendingCount = 0;
        value = size == 2 ? BinaryPrimitives.ReadInt16BigEndian(_pending) : BinaryPrimitives.ReadInt32BigEndian(_pending);
        return true;
    }
}
