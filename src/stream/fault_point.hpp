#pragma once
// Named places where a test can make the server fail the way it fails when memory runs out,
// to prove that such a failure costs one connection or one frame, never the server.
//
// Compiled in only when CAMSTREAM_FAULT_INJECTION is defined (the sanitizer test build), and
// even then idle unless the environment variable CAMSTREAM_FAULTS names a point:
// "camera_read=5,frame_task=12" throws std::bad_alloc on the 5th pass through camera_read and
// on the 12th through frame_task, once each.
namespace camstream::stream {

#ifdef CAMSTREAM_FAULT_INJECTION
void fault_point(const char* name);
#else
inline void fault_point(const char*) {}
#endif

}  // namespace camstream::stream
