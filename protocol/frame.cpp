#include "protocol/frame.h"

#include <string>

#include "protocol/wire.h"

namespace litewire::protocol {

FrameResult decode_frame(std::string_view buf, bool startup_phase, size_t max_size) {
  const size_t header = startup_phase ? 4 : 5;
  if (buf.size() < header) return NeedMore{header - buf.size()};
  const int32_t declared = get_i32(buf.data() + header - 4);
  const size_t cap = startup_phase ? std::min(max_size, kMaxStartupPacket) : max_size;
  if (declared < 4) {
    return protocol_violation(startup_phase ? "invalid length of startup packet"
                                            : "invalid message length");
  }
  if (static_cast<size_t>(declared) > cap) {
    return protocol_violation(startup_phase ? "invalid length of startup packet"
                                            : "message length " + std::to_string(declared) +
                                                  " exceeds the maximum of " +
                                                  std::to_string(cap));
  }
  if (startup_phase && declared < 8) return protocol_violation("invalid length of startup packet");
  const size_t total = static_cast<size_t>(declared) + (startup_phase ? 0 : 1);
  if (buf.size() < total) return NeedMore{total - buf.size()};
  return Frame{startup_phase ? '\0' : buf[0], buf.substr(header, total - header), total};
}

}  // namespace litewire::protocol
