using System.Text.Json.Serialization;

namespace Apie.Serialization;

/// <summary>
/// The source-generated serializer of every wire body: no reflection at run time, so the runtime stays
/// trimming- and NativeAOT-safe.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IdentifyRequest))]
[JsonSerializable(typeof(IdentifyResponse))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(CompleteRequest))]
[JsonSerializable(typeof(CreatedResponse))]
[JsonSerializable(typeof(EventBatch))]
[JsonSerializable(typeof(LocalRequestLine))]
[JsonSerializable(typeof(GuardrailRequest))]
[JsonSerializable(typeof(GuardrailResponse))]
[JsonSerializable(typeof(ApprovalStatusResponse))]
[JsonSerializable(typeof(HandoffRequest))]
[JsonSerializable(typeof(JournalLine))]
internal sealed partial class ApieJsonContext : JsonSerializerContext
{
}
