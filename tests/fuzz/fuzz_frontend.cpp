// Fuzz target: everything a client can send, through the frame decoder and every decoder of
// protocol/ (startup packets, frontend messages, SASL/password payloads) and the backend
// decoder the tests use. Invariant: no input crashes, hangs or reads out of bounds.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/backend.h"
#include "protocol/frame.h"
#include "protocol/frontend.h"

using namespace litewire::protocol;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (bool startup : {true, false}) {
    std::string_view rest = in;
    for (int frames = 0; frames < 64 && !rest.empty(); ++frames) {
      auto r = decode_frame(rest, startup, 1 << 16);
      auto* f = std::get_if<Frame>(&r);
      if (f == nullptr) break;
      if (startup) {
        (void)decode_startup(f->payload);
      } else {
        (void)decode_frontend(f->type, f->payload);
        (void)decode_backend(f->type, f->payload);
        (void)decode_sasl_initial_response(f->payload);
        (void)decode_password(f->payload);
      }
      rest.remove_prefix(f->size);
    }
  }
  return 0;
}
