// gocpp/sync/locker.hpp — Go's sync.Locker interface.
//
//     sync::Mutex mu;
//     sync::Locker l = &mu;                  // var l sync.Locker = &mu
//     l.lock(); l.unlock();
//     sync::RWMutex rw;
//     sync::Locker r = rw.rlocker();         // rw.RLocker()
//
// A Locker refers to any object with lock() and unlock() (a Mutex, an
// RWMutex, an RWMutex's rlocker(), a std::mutex, your own type), the way a
// Go value satisfies an interface by having the methods. It does not own the
// object: the object must outlive every Locker that refers to it. A
// default-constructed Locker is nil; calling it is a bug (it crashes).
// Copies are cheap and refer to the same object; == compares the object
// and how it is locked (rw.rlocker() differs from &rw).
// lock() and unlock() block and order memory as the object's own do.
#pragma once

#include <type_traits>

namespace gocpp::sync {

class RWMutex;

template <class L>
concept lockable = requires(L& l) {
    l.lock();
    l.unlock();
};

class Locker {
  public:
    Locker() noexcept = default;

    template <lockable L>
    Locker(L* l) noexcept
        : obj_(l),
          lock_([](void* p) { static_cast<L*>(p)->lock(); }),
          unlock_([](void* p) { static_cast<L*>(p)->unlock(); }) {}

    template <lockable L>
    requires(!std::is_same_v<std::remove_cvref_t<L>, Locker>) Locker(L& l)
    noexcept : Locker(&l) {}

    void lock() const { lock_(obj_); }
    void unlock() const { unlock_(obj_); }

    friend bool operator==(const Locker& a, const Locker& b) noexcept {
        return a.obj_ == b.obj_ && a.lock_ == b.lock_;
    }
    explicit operator bool() const noexcept { return obj_ != nullptr; }

  private:
    friend class RWMutex;
    Locker(void* obj, void (*lock)(void*), void (*unlock)(void*)) noexcept
        : obj_(obj), lock_(lock), unlock_(unlock) {}

    void* obj_ = nullptr;
    void (*lock_)(void*) = nullptr;
    void (*unlock_)(void*) = nullptr;
};

}  // namespace gocpp::sync
