// gocpp/detail/block_cache.hpp — an allocator for small runtime objects that
// are often made on one thread and freed on another (channel cores: a
// goroutine makes a context's done channel, the thread that drops the
// context's last handle frees it). Not for users.
//
// glibc's malloc gives a freed block back to the arena of the thread that
// allocated it, under that arena's lock: two threads doing that to each
// other's blocks contend on the lock, a futex call each time. Here a block
// freed on any thread goes to that thread's cache, and the caches trade
// full batches through a shared depot; the depot's lock is taken once per
// batch and held for a few pointer moves.
//
// Thread-safe; never blocks a goroutine. Under AddressSanitizer every block
// comes from operator new and goes back to operator delete, so that a use
// after free is still caught.
#pragma once

#include <cstddef>
#include <memory>

namespace gocpp::detail {

inline constexpr std::size_t kCachedBlockSize = 128;

// A block of kCachedBlockSize bytes, aligned as operator new aligns.
// Throws std::bad_alloc.
void* cached_block_alloc();
// p came from cached_block_alloc(), on any thread.
void cached_block_free(void* p) noexcept;

// A std allocator over cached blocks, for std::allocate_shared: the control
// block with the object in it is one block if it fits, else it comes from
// operator new as usual.
template <class T>
struct cached_allocator {
    using value_type = T;

    cached_allocator() noexcept = default;
    template <class U>
    cached_allocator(const cached_allocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        if constexpr (fits) {
            if (n == 1) return static_cast<T*>(cached_block_alloc());
        }
        return std::allocator<T>{}.allocate(n);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if constexpr (fits) {
            if (n == 1) {
                cached_block_free(p);
                return;
            }
        }
        std::allocator<T>{}.deallocate(p, n);
    }

    template <class U>
    bool operator==(const cached_allocator<U>&) const noexcept {
        return true;
    }

  private:
    static constexpr bool fits =
        sizeof(T) <= kCachedBlockSize && alignof(T) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__;
};

}  // namespace gocpp::detail
