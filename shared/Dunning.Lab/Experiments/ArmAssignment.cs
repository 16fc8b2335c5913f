using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Dunning.Lab.Experiments;

/// <summary>
/// Which arm of an experiment a case is in, as a pure function of the case id, the experiment id and the arms: no state, so
/// every instance of every service, before and after any restart, puts a case in the same arm without asking anyone.
/// The bucket is SHA-256 of both ids (never <see cref="string.GetHashCode()"/>, which .NET seeds anew in every process), so
/// it is uniform, and the same case lands independently in two experiments because their ids differ.
/// </summary>
public static class ArmAssignment
{
    /// <summary>A case of Dunning's ledger: its id in lower-case "D" form (<c>0b3c1e0e-5d7a-...</c>).</summary>
    public static Arm Assign(Guid caseId, string experimentId, IReadOnlyList<Arm> arms) => Assign(caseId.ToString("D"), experimentId, arms);

    /// <summary>Any other id, exactly as given (case matters). Changing the arms' order or weights reassigns cases: freeze them at start.</summary>
    public static Arm Assign(string caseId, string experimentId, IReadOnlyList<Arm> arms)
    {
        if (arms.Count == 0) throw new ArgumentException("An experiment has arms", nameof(arms));
        if (arms.Any(arm => arm.Weight <= 0)) throw new ArgumentException("Every arm's weight is positive", nameof(arms));
        var total = arms.Sum(arm => (long)arm.Weight);
        // 2^64 buckets folded onto the total weight: the modulo's bias is below total / 2^64, nothing next to sampling noise.
        var position = (long)(Bucket(caseId, experimentId) % (ulong)total);
        foreach (var arm in arms)
        {
            if (position < arm.Weight) return arm;
            position -= arm.Weight;
        }
        throw new InvalidOperationException("unreachable: the position is below the total weight");
    }

    /// <summary>
    /// The first 8 bytes (big-endian) of SHA-256 over "dunning-arm", the experiment id and the case id, each prefixed with its
    /// length so that no two pairs of ids hash the same text.
    /// </summary>
    internal static ulong Bucket(string caseId, string experimentId)
    {
        var text = $"dunning-arm|{experimentId.Length}:{experimentId}|{caseId.Length}:{caseId}";
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BinaryPrimitives.ReadUInt64BigEndian(hash);
    }
}
